import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings, SECTION, Settings } from '../settings/settings';

export const CLIENT_ID = 'codeloop';
export const CLIENT_NAME = 'Codeloop';

/**
 * The language client: every document of every scheme VS Code has (files, untitled, remote…), the
 * settings as `initializationOptions.settings`, and the `codeloop` section kept in sync
 * (`synchronize.configurationSection`). Middleware makes the push (didChangeConfiguration) and the
 * pull (workspace/configuration) carry the same object as initializationOptions: the values the user
 * set, not VS Code's contributed defaults.
 */
export function createClient(server: ServerOptions, settings: Settings, output: vscode.LogOutputChannel): LanguageClient {
  let client: LanguageClient | undefined;
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }],
    initializationOptions: { settings },
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    progressOnInitialization: true,
    middleware: {
      workspace: {
        didChangeConfiguration: async () => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: readSettings() } });
        },
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === SECTION
            ? readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i]));
        },
      },
    },
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, server, options);
  return client;
}
