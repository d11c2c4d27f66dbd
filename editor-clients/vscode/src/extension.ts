import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client/client';
import { registerCommands } from './commands/handlers';
import { apiKeyEnvNames, secretEnvironment } from './secrets';
import { resolveJvmArgs } from './server/jvmArgs';
import { RequirementsError, resolveJava } from './server/requirements';
import { serverOptions } from './server/serverStarter';
import { needsRestart, readSettings, registerSettingKeys } from './settings/settings';
import { StatusBar } from './status/status';
import { ClientCommands } from './commands/commands';

let client: LanguageClient | undefined;
/** The apiKeyEnv names whose keys were given to the running server process. */
let keyNames = '';

/** Wires the modules: requirements → launch command → language client → commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Codeloop', { log: true });
  context.subscriptions.push(output);
  registerSettingKeys(context.extension.packageJSON as Parameters<typeof registerSettingKeys>[0]);
  const statusBar = new StatusBar(ClientCommands.STATUS_MENU);
  context.subscriptions.push(statusBar);

  const start = async (): Promise<void> => {
    try {
      const java = await resolveJava();
      const jvm = resolveJvmArgs();
      if (jvm.refused.length) {
        void vscode.window.showWarningMessage(
          `Codeloop: ignored ${jvm.refused.join(' ')} from workspace settings until this workspace is trusted.`);
      }
      const settings = readSettings();
      const env = await secretEnvironment(context.secrets, settings);
      keyNames = apiKeyEnvNames(settings).join(',');
      client = createClient(serverOptions(context, java, jvm, env, output), settings, output);
      statusBar.attach(client);
      await client.start();
    } catch (e) {
      client = undefined;
      const message = e instanceof Error ? e.message : String(e);
      statusBar.stopped(message);
      output.appendLine(`Codeloop did not start: ${message}`);
      const actions = e instanceof RequirementsError && e.openSettings ? ['Open Settings', 'Show Output'] : ['Show Output'];
      const choice = await vscode.window.showErrorMessage(`Codeloop: ${message}`, ...actions);
      if (choice === 'Open Settings') {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'codeloop.java.home');
      } else if (choice === 'Show Output') {
        output.show(true);
      }
    }
  };

  const restart = async (): Promise<void> => {
    const old = client;
    client = undefined;
    if (old) {
      await old.stop().catch((e) => output.appendLine(`stop failed: ${e}`));
      await old.dispose().catch(() => undefined);
    }
    await start();
  };

  registerCommands(context, () => client, restart, output);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // most settings reach the server through didChangeConfiguration; the process-level ones do not
      const newKeys = e.affectsConfiguration('codeloop.models') && apiKeyEnvNames().join(',') !== keyNames;
      if (!needsRestart(e) && !newKeys) return;
      const what = newKeys ? 'pass the API keys of the changed models' : 'apply the Java settings';
      const choice = await vscode.window.showInformationMessage(`Codeloop: restart the server to ${what}?`, 'Restart');
      if (choice) await restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (resolveJvmArgs(false).refused.length) void restart();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
