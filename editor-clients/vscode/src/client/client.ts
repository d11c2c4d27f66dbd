import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SECTION, Settings } from '../settings/settings';

export const CLIENT_ID = 'codeloop';
export const CLIENT_NAME = 'Codeloop';

/**
 * The language client: every document of every scheme VS Code has (files, untitled, remote…), the
 * settings as `initializationOptions.settings`, and the `codeloop` section kept in sync by
 * vscode-languageclient (didChangeConfiguration push and workspace/configuration pull).
 */
export function createClient(server: ServerOptions, settings: Settings, output: vscode.LogOutputChannel): LanguageClient {
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }],
    initializationOptions: { settings },
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    progressOnInitialization: true,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, server, options);
}
