import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, ResponseError } from 'vscode-languageclient/node';
import { setApiKey } from '../secrets';
import { ClientCommands, ServerCommands, TASKS } from './commands';
import { resultMarkdown, wasShown } from './results';

type ClientRef = () => LanguageClient | undefined;

/** Whether the running server advertised `command` in executeCommandProvider.commands. */
export function advertises(client: LanguageClient | undefined, command: string): boolean {
  const commands = client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  return commands.includes(command);
}

/** Runs a server command; undefined (after telling the user) when the server is down or lacks it. */
async function execute(clientRef: ClientRef, command: string, args: unknown[] = []): Promise<unknown> {
  const client = clientRef();
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('Codeloop: the server is not running.');
    return undefined;
  }
  if (!advertises(client, command)) {
    void vscode.window.showWarningMessage(`Codeloop: server does not advertise ${command}.`);
    return undefined;
  }
  try {
    return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  } catch (e) {
    await reportFailure(e);
    return undefined;
  }
}

/** `data` of the RequestFailed error the server answers when no model serves the task. */
export const NOT_CONFIGURED = 'not_configured';

/**
 * Tells the user why a command failed: a task without a model gets the server's sentence (it says how to
 * configure one) and shortcuts to do it; anything else its error message.
 */
async function reportFailure(e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ResponseError && e.data === NOT_CONFIGURED) {
    const choice = await vscode.window.showWarningMessage(`Codeloop: ${message}`, 'Set API Key', 'Open Settings');
    if (choice === 'Set API Key') await vscode.commands.executeCommand(ClientCommands.SET_API_KEY);
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'codeloop.models');
    return;
  }
  void vscode.window.showErrorMessage(`Codeloop: ${message}`);
}

/** Read-only documents `codeloop-result:/<title>.md|json` that show command results; re-used per title. */
const RESULT_SCHEME = 'codeloop-result';
const results = new Map<string, string>();
const resultChanges = new vscode.EventEmitter<vscode.Uri>();
const resultProvider: vscode.TextDocumentContentProvider = {
  onDidChange: resultChanges.event,
  provideTextDocumentContent: (uri) => results.get(uri.path) ?? '',
};

/** Shows a command's result: its Markdown document (or a Markdown summary) as Markdown, else JSON. */
export async function show(title: string, result: unknown): Promise<void> {
  if (result === undefined || result === null) return;
  const text = resultMarkdown(result);
  const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${title}.${text !== undefined ? 'md' : 'json'}` });
  results.set(uri.path, text ?? JSON.stringify(result, null, 2));
  resultChanges.fire(uri);
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside });
}

/** [uri, range?] of the active editor (the range only for a non-empty selection). */
function editorTarget(client: LanguageClient | undefined): unknown[] | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return undefined;
  const target: unknown[] = [client.code2ProtocolConverter.asUri(editor.document.uri)];
  if (!editor.selection.isEmpty) target.push(client.code2ProtocolConverter.asRange(editor.selection));
  return target;
}

/** Shows a result unless the server already opened it with window/showDocument (`shown`, or an older server's `answerUri`). */
async function showAnswer(title: string, result: unknown): Promise<void> {
  if (wasShown(result)) return;
  await show(title, result);
}

/** A workflow command with a progress notification while the server works; its result as a document. */
async function workflow(clientRef: ClientRef, title: string, command: string, args: unknown[]): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Codeloop: ${title}…` },
    () => execute(clientRef, command, args));
  await showAnswer(`Codeloop ${title}`, result);
}

/** The active editor's document uri (protocol form), if any. */
function activeUri(client: LanguageClient | undefined): unknown[] {
  const editor = vscode.window.activeTextEditor;
  return editor && client ? [client.code2ProtocolConverter.asUri(editor.document.uri)] : [];
}

async function statusMenu(output: vscode.OutputChannel): Promise<void> {
  const items = [
    { label: '$(pulse) Doctor', description: 'check models and settings', id: ClientCommands.DOCTOR },
    { label: '$(graph) Statistics', description: 'calls, latency, tokens per model and task', id: ClientCommands.STATS },
    { label: '$(output) Show Server Output', id: ClientCommands.SHOW_OUTPUT },
    { label: '$(gear) Show Effective Settings', id: ClientCommands.SHOW_SETTINGS },
  ];
  const choice = await vscode.window.showQuickPick(items, { placeHolder: 'Codeloop' });
  if (choice?.id === ClientCommands.SHOW_OUTPUT) output.show(true);
  else if (choice) await vscode.commands.executeCommand(choice.id);
}

async function selectModel(clientRef: ClientRef): Promise<void> {
  const task = await vscode.window.showQuickPick([...TASKS], { placeHolder: 'Task to route' });
  if (!task) return;
  const shown = (await execute(clientRef, ServerCommands.SHOW_SETTINGS)) as { settings?: { models?: Record<string, unknown> } } | undefined;
  const models = Object.keys(shown?.settings?.models ?? {}).sort();
  const model = await vscode.window.showQuickPick([...models, 'embedded'], { placeHolder: `Model for ${task}` });
  if (!model) return;
  const result = await execute(clientRef, ServerCommands.SELECT_MODEL, [task, model]);
  if (result !== undefined) void vscode.window.showInformationMessage(`Codeloop: ${task} now uses ${model}.`);
}

/** codeloop.ask [question, uri, range?] and codeloop.plan [instruction, uri, range?]. */
async function askOrPlan(clientRef: ClientRef, command: string, title: string, prompt: string): Promise<void> {
  const text = await vscode.window.showInputBox({ prompt });
  if (!text) return;
  const args = [text, ...(editorTarget(clientRef()) ?? [])];
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${title}: waiting for the model…` },
    () => execute(clientRef, command, args));
  await showAnswer(title, result);
}

/** codeloop.chat [uri, range?] on the active chat file; the server appends the answer to it. */
async function chat(clientRef: ClientRef): Promise<void> {
  const target = editorTarget(clientRef());
  if (!target) {
    void vscode.window.showWarningMessage('Codeloop: open a chat file (*.codeloop.md) first.');
    return;
  }
  await execute(clientRef, ServerCommands.CHAT, target);
}

/** Registers the extension's own commands (package.json `contributes.commands`). */
export function registerCommands(
  context: vscode.ExtensionContext,
  clientRef: ClientRef,
  restart: () => Promise<void>,
  output: vscode.OutputChannel,
): void {
  const reg = (id: string, fn: () => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, resultProvider), resultChanges);
  reg(ClientCommands.SHOW_SETTINGS, async () => show('Codeloop Settings', await execute(clientRef, ServerCommands.SHOW_SETTINGS)));
  reg(ClientCommands.STATS, async () => show('Codeloop Statistics', await execute(clientRef, ServerCommands.STATS)));
  reg(ClientCommands.COMPLETION_STATS, async () =>
    show('Codeloop Completion Statistics', await execute(clientRef, ServerCommands.COMPLETION_STATS)));
  reg(ClientCommands.DOCTOR, async () => showAnswer('Codeloop Doctor', await execute(clientRef, ServerCommands.DOCTOR)));
  reg(ClientCommands.TRUST_WORKSPACE, async () =>
    show('Codeloop Workspace Trust', await execute(clientRef, ServerCommands.TRUST_WORKSPACE)));
  reg(ClientCommands.UNTRUST_WORKSPACE, async () =>
    show('Codeloop Workspace Trust', await execute(clientRef, ServerCommands.TRUST_WORKSPACE, [false])));
  reg(ClientCommands.SELECT_MODEL, () => selectModel(clientRef));
  reg(ClientCommands.ASK, () => askOrPlan(clientRef, ServerCommands.ASK, 'Codeloop Answer', 'Ask Codeloop about this file or selection'));
  reg(ClientCommands.PLAN, () => askOrPlan(clientRef, ServerCommands.PLAN, 'Codeloop Plan', 'Plan a change (what should change?)'));
  reg(ClientCommands.CHAT, () => chat(clientRef));
  reg(ClientCommands.RUN_CHECKS, () => workflow(clientRef, 'Checks', ServerCommands.RUN_CHECKS, activeUri(clientRef())));
  reg(ClientCommands.RUN_TESTS, () => workflow(clientRef, 'Tests', ServerCommands.RUN_TESTS, activeUri(clientRef())));
  reg(ClientCommands.SHOW_TOOLS, async () => showAnswer('Codeloop Tools', await execute(clientRef, ServerCommands.SHOW_TOOLS)));
  reg(ClientCommands.FIX_FAILING_TESTS, () => workflow(clientRef, 'Fix Failing Tests', ServerCommands.FIX_FAILING_TESTS, []));
  reg(ClientCommands.IMPLEMENT, async () => {
    const goal = await vscode.window.showInputBox({ prompt: 'Implement (what should the code do?)' });
    if (goal) await workflow(clientRef, 'Implement', ServerCommands.IMPLEMENT, [goal]);
  });
  reg(ClientCommands.STATUS_MENU, () => statusMenu(output));
  reg(ClientCommands.RESTART, restart);
  reg(ClientCommands.SHOW_OUTPUT, () => output.show(true));
  reg(ClientCommands.SET_API_KEY, async () => {
    const name = await setApiKey(context.secrets);
    if (!name) return;
    const choice = await vscode.window.showInformationMessage(
      `Codeloop: ${name} saved in Secret Storage. It reaches the server when the server (re)starts.`, 'Restart now');
    if (choice) await restart();
  });
}
