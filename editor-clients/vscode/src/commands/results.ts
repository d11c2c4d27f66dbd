/**
 * How command results become a document: the Markdown the result carries (`markdown`; older servers:
 * doctor's `report`, `text`, a workflow's `summary`), else a Markdown summary of the known JSON shapes
 * (tool runs, showTools), else undefined (shown as JSON). Pure functions (unit-testable without VS Code).
 */

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
/** A scalar as text; anything else as `fallback`. */
const str = (v: unknown, fallback = ''): string =>
  (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback);

/**
 * Whether the server already showed `result` with window/showDocument. A server that sends `shown` says
 * so; an older server's `answerUri` meant "shown" for clients that handle showDocument, as VS Code does.
 */
export function wasShown(result: unknown, clientShowsDocuments = true): boolean {
  if (!isObj(result)) return false;
  if (typeof result.shown === 'boolean') return result.shown;
  return typeof result.answerUri === 'string' && clientShowsDocuments;
}

function toolRun(r: Obj): string {
  const c = isObj(r.counts) ? r.counts : {};
  const n = (k: string): string => str(c[k], '0');
  const lines = [
    `# ${str(r.kind, 'run')}: ${n('findings')} finding(s), ${n('error')} error(s), ${n('warning')} warning(s) in ${n('files')} file(s)`,
    '',
    `${n('tools')} tool(s), ${n('failedTools')} failed, ${str(r.durationMs, '?')} ms`,
  ];
  const failures = arr(r.firstFailures);
  if (failures.length) {
    lines.push('', ...failures.map((f) => `- ${str(f.file, '?')}:${str(f.line, '?')} ${str(f.message)} (${str(f.tool)})`));
  }
  for (const t of arr(r.tools)) {
    lines.push('', `## ${str(t.id, str(t.command, '?'))}: exit ${str(t.exitCode, '?')}${t.timedOut === true ? ' (timed out)' : ''}`);
    if (typeof t.note === 'string') lines.push(t.note);
  }
  return lines.join('\n');
}

function showTools(r: Obj): string {
  const lines = [`# Tools${r.trusted === false ? ' (workspace not trusted: nothing runs)' : ''}`];
  if (typeof r.message === 'string') lines.push('', r.message);
  for (const root of arr(r.roots)) {
    lines.push('', `## ${str(root.root, '?')}`);
    for (const t of arr(root.tools)) {
      const command = Array.isArray(t.command) ? t.command.map((x) => str(x)).join(' ') : str(t.command);
      lines.push(`- ${str(t.kind)} ${str(t.id)}: \`${command}\` (${str(t.why)})`);
    }
  }
  return lines.join('\n');
}

/** The Markdown text of a command result, or undefined when it is plain data (shown as JSON). */
export function resultMarkdown(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (!isObj(result)) return undefined;
  for (const key of ['markdown', 'report', 'text', 'summary']) {
    const value = result[key];
    if (typeof value === 'string') return value;
  }
  if (isObj(result.counts) && Array.isArray(result.tools)) return toolRun(result);
  if (Array.isArray(result.roots)) return showTools(result);
  return undefined;
}
