#!/usr/bin/env node
// What a completion through a zero-latency loopback model adds, as an editor written in Node sees
// it (issue 14 item 6): the same protocol as ServingPathBench's loopback phase, with the client and
// the model in one Node process instead of a JVM, so that no JIT of the bench's own competes with
// the server's. The server is a separate process (the launcher by default).
//
//   node editor-clients/bench/loopback-overhead.js [--command "server/target/codeloop --stdio"]
//        [--warm 500] [--n 2000] [--edits far|above]
//
// Per completion: one character typed far from the cursor (--edits far, the default: in lines
// 10-210, so the document's head, where imports are read from, changes every time) or at the
// start of the line above the cursor (--edits above: as a user types, the head mostly unchanged)
// — a new version: the first completion after an edit — then an invoked textDocument/inlineCompletion at the end of a line not asked
// before (a cache miss) in a 5,000-line Java file, three 800-line files also open. Overhead = the
// time the client waited minus the model server's own time (request received → reply written).
// No dependencies: plain Node.
'use strict';

const http = require('node:http');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { option, lspClient } = require('./lsp-client');

const command = option('--command', 'server/target/codeloop --stdio').split(' ');
const warm = Number(option('--warm', '500'));
const n = Number(option('--n', '2000'));
const edits = option('--edits', 'far');
if (edits !== 'far' && edits !== 'above') throw new Error('--edits far|above');

/** A Java file of `lines` lines: fields, then methods whose statements end where a completion fits. */
function javaFile(lines, name) {
  const out = [`package bench;`, ``, `public class ${name} {`];
  let i = 0;
  while (out.length < lines - 1) {
    out.push(`  int compute${i}(int value) {`);
    out.push(`    int total${i} = value * ${i};`);
    out.push(`    String label${i} = String.valueOf(total${i});`);
    out.push(`    return label${i}.length() + total${i};`);
    out.push(`  }`);
    i++;
  }
  out.length = lines - 1;
  out.push('}');
  return out;
}

// --- the zero-latency model: an OpenAI-compatible /v1/completions on 127.0.0.1 ---
let modelCalls = 0;
let ownNanos = 0n;
const body = JSON.stringify({
  id: 'cmpl-bench',
  object: 'text_completion',
  model: 'qwen2.5-coder-7b',
  choices: [{ index: 0, text: 'value + 1;', finish_reason: 'stop' }],
});
const model = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  if (req.method === 'HEAD') { // the server's warm-up opens the connection ahead of the first call
    res.writeHead(200, { 'content-length': '0' });
    res.end();
    return;
  }
  req.resume();
  req.on('end', () => {
    modelCalls++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body, () => { ownNanos = process.hrtime.bigint() - t0; });
  });
});
model.keepAliveTimeout = 60_000;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main() {
  await new Promise((r) => model.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${model.address().port}/v1`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-node-bench-'));
  const root = path.join(home, 'workspace');
  fs.mkdirSync(root);
  // settings, state and the embedded model's folder of its own; the launcher's archive where the
  // user's is (XDG_CACHE_HOME untouched), so that a run does not train a new one beside it
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_STATE_HOME: path.join(home, 'state'),
    CODELOOP_CACHE_DIR: path.join(home, 'cache'),
  };
  const proc = spawn(command[0], command.slice(1), { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const lsp = lspClient(proc.stdout, proc.stdin);
  const rootUri = `file://${root}`;
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
    capabilities: { textDocument: { inlineCompletion: {} } },
    initializationOptions: { settings: {
      models: { fast: { provider: 'openai-compatible', baseUrl: base, model: 'qwen2.5-coder-7b', fimTemplate: 'qwen' } },
      routes: { completion: ['fast'] },
      completion: { debounceMs: 0 },
      embedded: { indexWorkspace: false },
    } },
  });
  lsp.notify('initialized', {});
  for (let i = 0; i < 3; i++) {
    lsp.notify('textDocument/didOpen', { textDocument: {
      uri: `${rootUri}/Other${i}.java`, languageId: 'java', version: 1, text: javaFile(800, `O${i}`).join('\n') } });
  }
  const lines = javaFile(5000, 'Big');
  const uri = `${rootUri}/Big.java`;
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'java', version: 1, text: lines.join('\n') } });
  // cursor lines: the statements inside methods, in a fixed shuffled order, each asked once
  const cursors = [];
  for (let l = 0; l < lines.length; l++) if (lines[l].startsWith('    ')) cursors.push(l);
  let seed = 7;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = cursors.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [cursors[i], cursors[j]] = [cursors[j], cursors[i]];
  }
  if (warm + n > cursors.length) throw new Error(`at most ${cursors.length} completions`);
  let version = 1;
  const overhead = [];
  const client = [];
  let empty = 0;
  for (let k = 0; k < warm + n; k++) {
    const far = 10 + Math.floor(random() * 200);
    const editLine = edits === 'far' ? far : cursors[k] - 1;
    lsp.notify('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: ' ' }],
    });
    const line = cursors[k];
    const calls = modelCalls;
    ownNanos = 0n;
    const t0 = process.hrtime.bigint();
    const reply = await lsp.request('textDocument/inlineCompletion', {
      textDocument: { uri }, position: { line, character: lines[line].length }, context: { triggerKind: 1 },
    });
    const waited = Number(process.hrtime.bigint() - t0) / 1e6;
    if (modelCalls !== calls + 1 || !reply.result || (reply.result.items || reply.result).length === 0) empty++;
    if (k >= warm) {
      client.push(waited);
      overhead.push(waited - Number(ownNanos) / 1e6);
    }
  }
  await lsp.request('shutdown', null);
  lsp.notify('exit', null);
  await new Promise((r) => proc.on('exit', r));
  model.close();
  fs.rmSync(home, { recursive: true, force: true });
  const report = (label, xs) => {
    const s = [...xs].sort((a, b) => a - b);
    console.log(`${label.padEnd(44)} n=${s.length}  p50=${percentile(s, 50).toFixed(3)}  p90=${percentile(s, 90).toFixed(3)}`
      + `  p99=${percentile(s, 99).toFixed(3)}  max=${s[s.length - 1].toFixed(3)} ms`);
  };
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${warm} warm-up completions; `
    + `${empty} answers without exactly one model call and an item`);
  report('inline completion, client-observed', client);
  report('overhead (client − model)', overhead);
  if (empty > 0) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
