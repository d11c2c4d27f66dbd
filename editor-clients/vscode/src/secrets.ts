import * as vscode from 'vscode';
import { readModels, Settings, readSettings } from './settings/settings';

/**
 * API keys live in VS Code's SecretStorage, never in settings. Each model names the environment
 * variable that holds its key (`apiKeyEnv`); the extension sets those variables on the server process.
 */
const PREFIX = 'codeloop.apiKey.';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The distinct `apiKeyEnv` names of the configured models. */
export function apiKeyEnvNames(settings: Settings = readSettings()): string[] {
  const names = new Set<string>();
  for (const model of Object.values(readModels(settings))) {
    if (model && typeof model.apiKeyEnv === 'string' && ENV_NAME.test(model.apiKeyEnv)) {
      names.add(model.apiKeyEnv);
    }
  }
  return [...names].sort();
}

/** Environment variables for the server process: apiKeyEnv name → stored key (only keys that are set). */
export async function secretEnvironment(secrets: vscode.SecretStorage, settings: Settings = readSettings()): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of apiKeyEnvNames(settings)) {
    const value = await secrets.get(PREFIX + name);
    if (value) {
      env[name] = value;
    }
  }
  return env;
}

/**
 * Command: pick a model's `apiKeyEnv` (or type a variable name), enter the key (hidden), store it.
 * An empty key deletes the stored one. Returns the variable name that changed, if any.
 */
export async function setApiKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const names = apiKeyEnvNames();
  const other = 'Another environment variable…';
  let name: string | undefined = names.length
    ? await vscode.window.showQuickPick([...names, other], { placeHolder: 'API key for which apiKeyEnv?' })
    : other;
  if (name === other) {
    name = await vscode.window.showInputBox({
      prompt: 'Environment variable named by a model\'s apiKeyEnv',
      placeHolder: 'OPENAI_API_KEY',
      validateInput: (v) => (ENV_NAME.test(v) ? undefined : 'Letters, digits and _ only'),
    });
  }
  if (!name) return undefined;
  const key = await vscode.window.showInputBox({ prompt: `Value of ${name} (empty: delete the stored key)`, password: true, ignoreFocusOut: true });
  if (key === undefined) return undefined;
  if (key === '') {
    await secrets.delete(PREFIX + name);
  } else {
    await secrets.store(PREFIX + name, key);
  }
  return name;
}
