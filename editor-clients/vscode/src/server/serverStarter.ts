import * as fs from 'fs';
import * as vscode from 'vscode';
import { Executable, ServerOptions } from 'vscode-languageclient/node';
import { JavaRuntime } from './requirements';
import { JvmArgs } from './jvmArgs';

/** Port of the JDWP agent when the extension host runs in debug mode (override: CODELOOP_DEBUG_PORT). */
const DEFAULT_DEBUG_PORT = 1044;

/** The server jar: $CODELOOP_SERVER_JAR (development) or the one shipped in the extension. */
export function serverJar(context: vscode.ExtensionContext): string {
  const dev = process.env.CODELOOP_SERVER_JAR;
  return dev && dev.trim() ? dev.trim() : context.asAbsolutePath('server/codeloop.jar');
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `java [vmargs] -jar codeloop.jar` over stdio. The debug variant (used by vscode-languageclient when
 * the extension host itself is being debugged) adds a JDWP agent on 127.0.0.1. `env` adds the API keys.
 * Logs both command lines (never the environment) to `log`.
 */
export function serverOptions(
  context: vscode.ExtensionContext,
  java: JavaRuntime,
  jvm: JvmArgs,
  env: Record<string, string>,
  log: vscode.OutputChannel,
): ServerOptions {
  const jar = serverJar(context);
  if (!fs.existsSync(jar)) {
    throw new Error(`Codeloop server jar not found: ${jar}` + (process.env.CODELOOP_SERVER_JAR ? ' (from CODELOOP_SERVER_JAR)' : ''));
  }
  const port = Number(process.env.CODELOOP_DEBUG_PORT) || DEFAULT_DEBUG_PORT;
  const agent = `-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:${port}`;
  const options = { env: { ...process.env, ...env } };
  const run: Executable = { command: java.executable, args: [...jvm.args, '-jar', jar], options };
  const debug: Executable = { command: java.executable, args: [...jvm.args, agent, '-jar', jar], options };
  log.appendLine(`Java ${java.version} from ${java.source}`);
  log.appendLine(`Launch: ${[run.command, ...(run.args || [])].map(quote).join(' ')}`);
  log.appendLine(`Launch (extension host in debug mode): ${[debug.command, ...(debug.args || [])].map(quote).join(' ')}`);
  if (Object.keys(env).length) {
    log.appendLine(`API keys from Secret Storage set for: ${Object.keys(env).join(', ')}`);
  }
  if (jvm.refused.length) {
    log.appendLine(`Refused from untrusted workspace settings: ${jvm.refused.join(' ')}`);
  }
  return { run, debug };
}
