/**
 * Command ids.
 *
 * `ServerCommands` mirror server/src/main/java/dev/codeloop/workspace/command/Commands.java: they run in
 * the server through `workspace/executeCommand`. vscode-languageclient registers a VS Code command for
 * each id the server advertises, so the extension's own UI commands use the `codeloop.client.` prefix.
 */
export const ServerCommands = {
  /** Effective settings (secrets redacted) and the problems found in them. */
  SHOW_SETTINGS: 'codeloop.showSettings',
  /** Per-model and per-task accounting as JSON. */
  STATS: 'codeloop.stats',
  /** Checks every configured model and the settings; a Markdown report. */
  DOCTOR: 'codeloop.doctor',
  /** Changes the model of a task for this session: arguments [task, model]. */
  SELECT_MODEL: 'codeloop.selectModel',
  /** Answers a question as a document: arguments [question, uri?, range?]. */
  ASK: 'codeloop.ask',
  /** Plans a change and shows the plan: arguments [instruction?, uri, range?] (or [actionData]). */
  PLAN: 'codeloop.plan',
  /** Sent by the server as an inline completion item's command after the user accepts it. */
  ACCEPT_COMPLETION: 'codeloop.acceptCompletion',
  /** Sent by the server as a code action's command. */
  APPLY_ACTION: 'codeloop.applyAction',
  /** Sends a chat file (*.codeloop.md) and appends the answer: arguments [uri, range?] (or [actionData]). */
  CHAT: 'codeloop.chat',
  /** Completions shown and accepted per model and language, as JSON. */
  COMPLETION_STATS: 'codeloop.completionStats',
  /** Trusts the open workspace (or with [false] revokes it), recorded in the user settings file. */
  TRUST_WORKSPACE: 'codeloop.trustWorkspace',
  /** Runs the workspace's checks; findings become diagnostics (source codeloop:check): arguments [uri?]. */
  RUN_CHECKS: 'codeloop.runChecks',
  /** Runs the workspace's tests; failures become diagnostics (source codeloop:test): arguments [uri?]. */
  RUN_TESTS: 'codeloop.runTests',
  /** Runs the tests and, while they fail, asks the model for a fix and applies it: arguments [options?]. */
  FIX_FAILING_TESTS: 'codeloop.fixFailingTests',
  /** Asks the model to implement a goal, applies it, then the fix loop: arguments [goal, options?]. */
  IMPLEMENT: 'codeloop.implement',
  /** The detected or configured checks and tests, why, and whether the workspace is trusted. */
  SHOW_TOOLS: 'codeloop.showTools',
} as const;

/** Commands contributed by this extension (package.json `contributes.commands`). */
export const ClientCommands = {
  SHOW_SETTINGS: 'codeloop.client.showSettings',
  STATS: 'codeloop.client.stats',
  COMPLETION_STATS: 'codeloop.client.completionStats',
  DOCTOR: 'codeloop.client.doctor',
  SELECT_MODEL: 'codeloop.client.selectModel',
  ASK: 'codeloop.client.ask',
  PLAN: 'codeloop.client.plan',
  CHAT: 'codeloop.client.chat',
  SET_API_KEY: 'codeloop.client.setApiKey',
  RESTART: 'codeloop.client.restart',
  SHOW_OUTPUT: 'codeloop.client.showOutput',
  TRUST_WORKSPACE: 'codeloop.client.trustWorkspace',
  UNTRUST_WORKSPACE: 'codeloop.client.untrustWorkspace',
  RUN_CHECKS: 'codeloop.client.runChecks',
  RUN_TESTS: 'codeloop.client.runTests',
  FIX_FAILING_TESTS: 'codeloop.client.fixFailingTests',
  IMPLEMENT: 'codeloop.client.implement',
  SHOW_TOOLS: 'codeloop.client.showTools',
  /** What a click on the status bar item opens: doctor, statistics, output. */
  STATUS_MENU: 'codeloop.client.statusMenu',
} as const;

/** Tasks a model can be routed to (the keys of the `routes` setting). */
export const TASKS = [
  'completion', 'codeAction', 'codeAction.explain', 'codeAction.refactor', 'codeAction.document',
  'codeAction.tests', 'codeAction.fix', 'chat', 'plan', 'implement', 'fixTests',
] as const;
