#!/usr/bin/env node
// Sessions coming and going on one `--tcp` server: does anything of a session outlive it? Connects N
// editors one after another; each initializes on a workspace, opens a file, asks for an invoked
// inline completion and a code action, then half of them end with shutdown/exit and half just drop
// the connection (an editor that crashed). Prints the server's RSS, threads and open file
// descriptors (Linux /proc) every N/5 sessions and after 8 s idle.
//
//   node editor-clients/bench/tcp-session-churn.js [--sessions 1500] [--command "server/target/codeloop"]
//
// Plain Node, no dependencies; the server is started here on 127.0.0.1 (`--tcp 0`) and ended at the end.
'use strict';

const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { option, lspClient } = require('./lsp-client');

const sessions = Number(option('--sessions', '1500'));
const command = option('--command', 'server/target/codeloop').split(' ');

function stats(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)[1]);
  return `RSS ${(field('VmRSS') / 1024).toFixed(1)} MB, threads ${field('Threads')}, `
    + `fds ${fs.readdirSync(`/proc/${pid}/fd`).length}`;
}

/** One editor connection to the server on `port`, with ways to end it cleanly or drop it. */
function session(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('connect', () => resolve({
      ...lspClient(socket, socket),
      drop: () => new Promise((res) => { socket.once('close', res); socket.destroy(); }),
      end: () => new Promise((res) => { socket.once('close', res); socket.end(); }),
    }));
  });
}

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-churn-'));
  const root = path.join(home, 'workspace');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  for (let i = 1; i <= 20; i++) {
    fs.writeFileSync(path.join(root, 'src', `C${i}.java`),
      `package demo;\npublic class C${i} {\n  int add${i}(int a, int b) {\n    return a + b;\n  }\n}\n`);
  }
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_STATE_HOME: path.join(home, 'state'), CODELOOP_CACHE_DIR: path.join(home, 'cache') };
  const server = spawn(command[0], [...command.slice(1), '--tcp', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (d) => {
      err += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', () => reject(new Error(`server ended: ${err}`)));
  });
  server.stderr.resume();
  const uri = `file://${root}/src/C1.java`;
  const text = fs.readFileSync(path.join(root, 'src', 'C1.java'), 'utf8');
  console.log(`start: ${stats(server.pid)}`);
  for (let k = 0; k < sessions; k++) {
    const s = await session(port);
    await s.request('initialize', { processId: process.pid, rootUri: `file://${root}`,
      capabilities: { textDocument: { inlineCompletion: {} } } });
    s.notify('initialized', {});
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'java', version: 1, text } });
    await s.request('textDocument/inlineCompletion', { textDocument: { uri },
      position: { line: 3, character: 11 }, context: { triggerKind: 1 } });
    const at = { line: 3, character: 4 };
    await s.request('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at },
      context: { diagnostics: [] } });
    if (k % 2 === 0) {
      await s.request('shutdown', null);
      s.notify('exit', null);
      await s.end();
    } else {
      await s.drop();
    }
    if ((k + 1) % Math.max(1, Math.floor(sessions / 5)) === 0) {
      await new Promise((r) => setTimeout(r, 1000));
      console.log(`after ${k + 1} sessions: ${stats(server.pid)}`);
    }
  }
  await new Promise((r) => setTimeout(r, 8000));
  console.log(`after 8 s idle: ${stats(server.pid)}`);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  fs.rmSync(home, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
