import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const MIN_JAVA = 17;

export interface JavaRuntime {
  /** The java executable to launch. */
  executable: string;
  /** Where it was found: the `codeloop.java.home` setting, JAVA_HOME or PATH. */
  source: 'codeloop.java.home' | 'JAVA_HOME' | 'PATH';
  /** Feature release, e.g. 17 or 21. */
  version: number;
}

/** Why no usable Java was found; `openSettings` hints that the fix is the `codeloop.java.home` setting. */
export class RequirementsError extends Error {
  constructor(message: string, readonly openSettings = true) {
    super(message);
  }
}

const exe = process.platform === 'win32' ? 'java.exe' : 'java';

function fromHome(home: string): string {
  return path.join(home, 'bin', exe);
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Parses the feature release from `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17). */
export function parseJavaVersion(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}

function versionOf(executable: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    cp.execFile(executable, ['-version'], { timeout: 15000 }, (err, stdout, stderr) => {
      resolve(err ? undefined : parseJavaVersion(`${stderr}\n${stdout}`));
    });
  });
}

/** Finds Java: `codeloop.java.home` → JAVA_HOME → PATH, and checks that it is 17 or newer. */
export async function resolveJava(): Promise<JavaRuntime> {
  const configured = vscode.workspace.getConfiguration('codeloop').get<string | null>('java.home');
  let executable: string | undefined;
  let source: JavaRuntime['source'];
  if (configured) {
    executable = fromHome(configured);
    source = 'codeloop.java.home';
    if (!fs.existsSync(executable)) {
      throw new RequirementsError(`codeloop.java.home points to ${configured}, which has no ${path.join('bin', exe)}.`);
    }
  } else if (process.env.JAVA_HOME) {
    executable = fromHome(process.env.JAVA_HOME);
    source = 'JAVA_HOME';
    if (!fs.existsSync(executable)) {
      throw new RequirementsError(`JAVA_HOME is ${process.env.JAVA_HOME}, which has no ${path.join('bin', exe)}. Set codeloop.java.home.`);
    }
  } else {
    executable = onPath();
    source = 'PATH';
    if (!executable) {
      throw new RequirementsError(`Codeloop needs Java ${MIN_JAVA} or newer: none found in codeloop.java.home, JAVA_HOME or PATH.`);
    }
  }
  const version = await versionOf(executable);
  if (version === undefined) {
    throw new RequirementsError(`Could not run '${executable} -version' (found via ${source}).`);
  }
  if (version < MIN_JAVA) {
    throw new RequirementsError(`Codeloop needs Java ${MIN_JAVA} or newer; ${executable} (via ${source}) is Java ${version}.`);
  }
  return { executable, source, version };
}
