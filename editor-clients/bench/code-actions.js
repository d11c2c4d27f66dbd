// codeAction on an empty range in a fresh server, as an editor written in Node asks it at every
// cursor move (issue 14 item 7): the server a process of its own (the launcher by default), a
// 200-line Java file open, N/5 untimed requests then N timed, each at another line. Prints p50 /
// p99 / max, the requests over 1.5 ms (their index, time and when they were sent, in ms since the
// server was spawned: to be matched with the JVM's own logs, e.g. CODELOOP_JAVA_OPTS=
// "-Xlog:jit+compilation=debug,gc,safepoint:file=/tmp/jit.log:uptime"), the reply's size and, on
// Linux, the CPU each of the server's threads spent while they were answered. No model is configured.
//
//   node editor-clients/bench/code-actions.js [--command "server/target/codeloop --stdio"]
//        [--n 500] [--wait 0] [--literals]
//
// --literals announces code-action literals, resolve and disabled support (as VS Code, Neovim and
// eglot do; the actions come back disabled, no model being configured); without it the client
// takes bare commands (and gets none: nothing can run). --wait MS waits after the document is opened
// (the server's background work on it done) before the first request. Plain Node, no dependencies.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { option, lspClient } = require('./lsp-client');

const command = option('--command', 'server/target/codeloop --stdio').split(' ');
const n = Number(option('--n', '500'));
const wait = Number(option('--wait', '0'));
const literals = process.argv.includes('--literals');

/** CPU milliseconds by thread name of process `pid` (Linux; empty elsewhere). */
function threadCpu(pid) {
  const out = new Map();
  let tasks;
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    return out;
  }
  const tick = 10; // USER_HZ = 100 on Linux
  for (const tid of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) || 0) + (Number(fields[11]) + Number(fields[12])) * tick);
    } catch (e) {
      // the thread ended meanwhile
    }
  }
  return out;
}

(async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-code-actions-'));
  const env = Object.assign({}, process.env, {
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_DATA_HOME: path.join(home, 'data'),
  });
  const spawned = process.hrtime.bigint();
  const server = spawn(command[0], command.slice(1), { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const lsp = lspClient(server.stdout, server.stdin);
  const capabilities = literals
    ? {
      textDocument: {
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
          resolveSupport: { properties: ['edit'] },
          dataSupport: true,
          disabledSupport: true,
        },
      },
    }
    : {};
  await lsp.request('initialize', { processId: null, rootUri: null, capabilities });
  lsp.notify('initialized', {});
  await lsp.request('codeloop/unknownMethod', {}); // answered once the session runs
  await new Promise((r) => setTimeout(r, 2000));

  const lines = ['package bench;', '', 'public class Small {'];
  for (let i = 0; i < 196; i++) lines.push(`  int field${i} = ${i};`);
  lines.push('}', '');
  const uri = 'file:///bench/Small.java';
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'java', version: 1, text: lines.join('\n') } });
  await lsp.request('codeloop/unknownMethod', {});
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));

  const before = threadCpu(server.pid);
  const times = [];
  const slow = [];
  let last = null;
  for (let i = -Math.floor(n / 5); i < n; i++) {
    const line = 2 + ((((i * 37) % 196) + 196) % 196);
    const t0 = process.hrtime.bigint();
    last = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 2 }, end: { line, character: 2 } },
      context: { diagnostics: [] },
    });
    if (i >= 0) {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times.push(ms);
      if (ms > 1.5) slow.push(`${i}:${ms.toFixed(1)}@${(Number(t0 - spawned) / 1e6).toFixed(0)}`);
    }
  }
  const after = threadCpu(server.pid);
  server.kill();
  fs.rmSync(home, { recursive: true, force: true });

  times.sort((a, b) => a - b);
  const pct = (q) => times[Math.min(times.length - 1, Math.ceil((q / 100) * times.length) - 1)];
  const busiest = [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) || 0)])
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, ms]) => `${name} ${ms} ms`);
  const items = Array.isArray(last.result) ? last.result.length : 0;
  console.log(
    `codeAction, ${literals ? 'literals' : 'bare commands'}, wait ${wait} ms: n=${n} p50=${pct(50).toFixed(3)} ` +
      `p99=${pct(99).toFixed(3)} max=${times[times.length - 1].toFixed(2)} ms; reply ${items} items, ` +
      `${JSON.stringify(last.result).length} bytes`,
  );
  console.log(`over 1.5 ms (index:ms@sent): ${slow.join(' ') || 'none'}`);
  console.log(`server CPU while answering, busiest threads: ${busiest.join(', ') || 'unknown'}`);
})();
