import * as vscode from 'vscode';

/** The configuration section shared by VS Code settings and the server (`{codeloop: {...}}`). */
export const SECTION = 'codeloop';

/** Keys of the `codeloop` section that configure the extension itself; the server ignores them. */
export const CLIENT_ONLY_KEYS = ['java', 'server', 'trace'] as const;

/** A JSON object in the server's settings shape (same as .codeloop.json). */
export type Settings = { [key: string]: unknown };

/** Model entries of the `models` setting, as far as the extension needs them. */
export interface ModelSettings {
  provider?: string;
  apiKeyEnv?: string;
}

/** Deep copy into plain JSON values, exactly as vscode-languageclient does for didChangeConfiguration. */
export function toJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (value && typeof value === 'object') {
    const out: Settings = {};
    for (const key of Object.keys(value)) {
      const v = (value as Settings)[key];
      if (typeof v !== 'function') {
        out[key] = toJson(v);
      }
    }
    return out;
  }
  return value;
}

/**
 * The `codeloop` section, shaped like the value vscode-languageclient sends in
 * `workspace/didChangeConfiguration` ({settings: {codeloop: <this>}}) and answers to a
 * `workspace/configuration` pull of `codeloop`, so `initializationOptions.settings` is the same object.
 */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Settings = {};
  for (const key of Object.keys(config)) {
    if (config.has(key)) {
      out[key] = toJson(config.get(key));
    }
  }
  return out;
}

/** Name → model settings from the `models` setting. */
export function readModels(settings: Settings = readSettings()): Record<string, ModelSettings> {
  const models = settings['models'];
  return models && typeof models === 'object' && !Array.isArray(models) ? (models as Record<string, ModelSettings>) : {};
}

/** Whether a configuration change needs a server restart (process-level settings and API key names). */
export function needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
  return ['codeloop.java.home', 'codeloop.server.vmargs'].some((k) => e.affectsConfiguration(k));
}
