import * as readline from 'readline';
import { Readable } from 'stream';
import * as vscode from 'vscode';

export type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

const LEVELS: Array<[RegExp, Level]> = [
  [/\b(SEVERE|ERROR)\b/, 'error'],
  [/\b(WARNING|WARN)\b/, 'warn'],
  [/\b(INFO|CONFIG)\b/, 'info'],
  [/\b(FINE|DEBUG)\b/, 'debug'],
  [/\b(FINER|FINEST|TRACE)\b/, 'trace'],
];

/**
 * The level of a server log line (`12:00:01.234 WARNING Logger [thread] message`): the first level word
 * in its head; a line without one (a stack trace, a wrapped message) keeps `previous`.
 */
export function levelOf(line: string, previous: Level = 'info'): Level {
  const head = line.slice(0, 48);
  for (const [re, level] of LEVELS) {
    if (re.test(head)) return level;
  }
  return previous;
}

/**
 * Writes the server's stderr to the log channel at each line's own level (vscode-languageclient would tag
 * every stderr line as [error], INFO lines included).
 */
export function pipeServerLog(input: Readable, channel: vscode.LogOutputChannel): void {
  let level: Level = 'info';
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', (line) => {
    level = levelOf(line, level);
    channel[level](line);
  });
}
