import * as fs from 'fs';
import * as vscode from 'vscode';
import { Executable, ServerOptions } from 'vscode-languageclient/node';
import { JavaRuntime } from './requirements';
import { JvmArgs } from './jvmArgs';

import * as path from 'path';

/** The server jar: $CODELOOP_SERVER_JAR (development) or the one shipped in the extension. */
export function serverJar(context: vscode.ExtensionContext): string {
  const dev = process.env.CODELOOP_SERVER_JAR;
  return dev && dev.trim() ? dev.trim() : context.asAbsolutePath('server/codeloop.jar');
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `codeloop` launcher script beside the jar (server/target/codeloop in a build), when present and
 * executable; it is preferred unless JVM arguments are set (they need `java ... -jar`).
 */
export function launcherBeside(jar: string): string | undefined {
  const launcher = path.join(path.dirname(jar), process.platform === 'win32' ? 'codeloop.cmd' : 'codeloop');
  try {
    fs.accessSync(launcher, fs.constants.X_OK);
    return fs.statSync(launcher).isFile() ? launcher : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server over stdio: the `codeloop` launcher beside the jar when there is one (and no JVM arguments),
 * with JAVA_HOME pointing at the resolved Java, else `java [vmargs] -jar codeloop.jar`. A JDWP agent on
 * 127.0.0.1 is added only when asked for with the environment variable CODELOOP_DEBUG_PORT. `env` adds
 * the API keys. Logs the command line (never the environment) to `log`.
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
  const debugPort = Number(process.env.CODELOOP_DEBUG_PORT) || undefined;
  const agent = debugPort ? [`-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:${debugPort}`] : [];
  const launcher = agent.length === 0 && jvm.args.length === 0 ? launcherBeside(jar) : undefined;
  const javaHome = path.dirname(path.dirname(java.executable));
  const options = { env: { ...process.env, ...env, ...(launcher ? { JAVA_HOME: javaHome } : {}) } };
  const run: Executable = launcher
    ? { command: launcher, args: [], options }
    : { command: java.executable, args: [...jvm.args, ...agent, '-jar', jar], options };
  log.appendLine(`Java ${java.version} from ${java.source}`);
  log.appendLine(`Launch: ${[run.command, ...(run.args || [])].map(quote).join(' ')}`);
  if (Object.keys(env).length) {
    log.appendLine(`API keys from Secret Storage set for: ${Object.keys(env).join(', ')}`);
  }
  if (jvm.refused.length) {
    log.appendLine(`Refused from untrusted workspace settings: ${jvm.refused.join(' ')}`);
  }
  return { run, debug: run };
}
