import * as vscode from 'vscode';

/** JVM options that load code into the server process; only accepted from trusted settings. */
const AGENT_OPTIONS = ['-javaagent', '-agentlib', '-agentpath', '-Xbootclasspath'];

export interface JvmArgs {
  args: string[];
  /** Arguments dropped because they came from workspace settings of an untrusted workspace. */
  refused: string[];
}

function isAgent(arg: string): boolean {
  return AGENT_OPTIONS.some((a) => arg === a || arg.startsWith(a + ':') || arg.startsWith(a + '/') || arg.startsWith(a + '='));
}

/**
 * The user's `codeloop.server.vmargs`. Values from user settings are used as given; agent options
 * (`-javaagent` …) from workspace or folder settings are refused until the workspace is trusted.
 */
export function resolveJvmArgs(trusted = vscode.workspace.isTrusted): JvmArgs {
  const inspected = vscode.workspace.getConfiguration('codeloop').inspect<string[]>('server.vmargs');
  const fromWorkspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  const fromUser = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  return filterJvmArgs(fromUser, fromWorkspace, trusted);
}

/** Pure part of {@link resolveJvmArgs}: workspace values win over user values, as in VS Code settings. */
export function filterJvmArgs(fromUser: string[], fromWorkspace: string[] | undefined, trusted: boolean): JvmArgs {
  if (fromWorkspace === undefined) {
    return { args: [...fromUser], refused: [] };
  }
  if (trusted) {
    return { args: [...fromWorkspace], refused: [] };
  }
  return { args: fromWorkspace.filter((a) => !isAgent(a)), refused: fromWorkspace.filter(isAgent) };
}
