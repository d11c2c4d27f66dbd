import * as vscode from 'vscode';

/** The configuration section shared by VS Code settings and the server (`{codeloop: {...}}`). */
export const SECTION = 'codeloop';

/** Keys of the `codeloop` section that configure the extension itself; never sent to the server. */
export const CLIENT_ONLY_PREFIXES = ['java.', 'server.', 'trace.'] as const;

/** A JSON object in the server's settings shape (same as .codeloop.json). */
export type Settings = { [key: string]: unknown };

/** Model entries of the `models` setting, as far as the extension needs them. */
export interface ModelSettings {
  provider?: string;
  apiKeyEnv?: string;
}

/** What `WorkspaceConfiguration.inspect` returns, as far as we use it. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Deep copy into plain JSON values (drops functions), as vscode-languageclient does. */
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

const isObject = (v: unknown): v is Settings => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Only what the user set (user < workspace < folder; objects such as `models` merged key by key), as one
 * nested object. Contributed defaults are left out on purpose: they would sit in the server's client
 * layer and hide the user's ~/.config/codeloop/config.json and the workspace .codeloop.json.
 */
export function shapeSettings(entries: Array<[string, Inspected | undefined]>): Settings {
  const out: Settings = {};
  for (const [key, found] of entries) {
    if (!found || CLIENT_ONLY_PREFIXES.some((p) => key.startsWith(p))) continue;
    const inspected = key === 'models' ? keylessWorkspaceModels(found) : found;
    let value: unknown;
    for (const v of [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue]) {
      if (v === undefined) continue;
      value = isObject(value) && isObject(v) ? { ...value, ...v } : v;
    }
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node = isObject(node[part]) ? node[part] : (node[part] = {});
    }
    node[parts[parts.length - 1]] = toJson(value);
  }
  return out;
}

/** Models the built-in defaults define; a workspace's settings never redefine them. */
const BUILT_IN_MODELS = ['embedded', 'openai', 'anthropic', 'gemini', 'ollama'];

/**
 * The `models` setting with the workspace's and folder's values made safe, as the server treats a
 * workspace .codeloop.json: they never choose a key (apiKey and apiKeyEnv are dropped and a model they
 * define is sent none) and never redefine a model the user settings or the built-in defaults define.
 */
export function keylessWorkspaceModels(inspected: Inspected): Inspected {
  const user = isObject(inspected.globalValue) ? inspected.globalValue : {};
  const safe = (v: unknown): unknown => {
    if (!isObject(v)) return v;
    const out: Settings = {};
    for (const [name, entry] of Object.entries(v)) {
      if (name in user || BUILT_IN_MODELS.includes(name) || !isObject(entry)) continue;
      const { apiKey: _key, apiKeyEnv: _env, ...rest } = entry;
      out[name] = { ...rest, apiKeyEnv: null };
    }
    return out;
  };
  return {
    globalValue: inspected.globalValue,
    workspaceValue: safe(inspected.workspaceValue),
    workspaceFolderValue: safe(inspected.workspaceFolderValue),
  };
}

let settingKeys: string[] = [];

/** Remembers the contributed setting keys (without the `codeloop.` prefix) from package.json. */
export function registerSettingKeys(packageJson: { contributes?: { configuration?: { properties?: object } } }): void {
  const props = packageJson.contributes?.configuration?.properties ?? {};
  settingKeys = Object.keys(props).filter((k) => k.startsWith(SECTION + '.')).map((k) => k.slice(SECTION.length + 1));
}

/**
 * The server settings: the same object goes to `initializationOptions.settings`, to
 * `workspace/didChangeConfiguration` as `{settings: {codeloop: <this>}}` and to a `workspace/configuration`
 * pull of section `codeloop` (see client/client.ts).
 */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return shapeSettings(settingKeys.map((k) => [k, config.inspect(k)]));
}

/** Name → model settings from the `models` setting. */
export function readModels(settings: Settings = readSettings()): Record<string, ModelSettings> {
  const models = settings['models'];
  return isObject(models) ? (models as Record<string, ModelSettings>) : {};
}

/** Whether a configuration change needs a server restart (process-level settings). */
export function needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
  return ['codeloop.java.home', 'codeloop.server.vmargs'].some((k) => e.affectsConfiguration(k));
}
