import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, ResponseError, ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings, SECTION, Settings } from '../settings/settings';
import { StatusCapabilityFeature } from '../status/status';
import { pipeServerLog } from './stderr';

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
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }],
    initializationOptions: { settings },
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    progressOnInitialization: true,
    stdioOptions: {
      stdout: (input, channel) => pipeServerLog(input, channel),
      stderr: (input, channel) => pipeServerLog(input, channel),
    },
    middleware: {
      workspace: {
        didChangeConfiguration: async () => {
          await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: readSettings() } });
        },
        configuration: async (params, token, next) => {
          const answers: unknown = await next(params, token);
          if (!Array.isArray(answers)) return answers as ResponseError<void>;
          const given: unknown[] = answers;
          return params.items.map((item, i): unknown => (item.section === SECTION
            ? readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : given[i]));
        },
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, server, options);
  client.registerFeature(new StatusCapabilityFeature()); // experimental.codeloopStatus: the server sends codeloop/status
  return client;
}
