// One `--tcp` server, three different clients on the same workspace at once: a VS Code-like client (Node,
// inline-capable), real Neovim with the plugin (through tcp-bridge.js: Neovim 0.7 has no TCP transport)
// and the command line (`codeloop complete --connect PORT`).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('../lib');
const { P } = L;

describe('VS Code-like client, Neovim and the CLI on one --tcp server', () => {
  const ws = L.copyWorkspace();
  const file = path.join(ws, 'src/main/java/demo/Main.java');
  const uri = L.pathToUri(file);
  let server, vsc, init;
  before(async () => {
    server = await L.startTcp();
    vsc = await L.connectTcp(server.port);
    init = await L.initialize(vsc.conn, { rootDir: ws, name: 'vscode-like', inline: true, settings: { completion: { debounceMs: 22 } } });
    await vsc.conn.sendNotification(P.DidOpenTextDocumentNotification.type,
      { textDocument: { uri, languageId: 'java', version: 1, text: fs.readFileSync(file, 'utf8') } });
  });
  after(async () => {
    try {
      await L.stopServer(server, vsc && vsc.socket);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('Neovim connects while the VS Code-like session is open and gets its own session', async () => {
    const nvim = cp.spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c',
      `luafile ${path.join(__dirname, '..', '..', 'nvim', 'tcp_client.lua')}`],
    { env: { ...process.env, CODELOOP_TCP_PORT: String(server.port), CODELOOP_WS: ws }, encoding: 'utf8', timeout: 90000 });
    const line = (nvim.stdout || '').split('\n').find((l) => l.startsWith('RESULT '));
    assert.ok(line, `nvim printed no RESULT (status ${nvim.status}): ${nvim.stdout} ${nvim.stderr}`);
    const r = JSON.parse(line.slice(7));
    assert.strictEqual(r.error, undefined, r.error);
    assert.strictEqual(r.initialized, true);
    assert.strictEqual(r.debounceMs, 33, 'Neovim session has its own settings');
    assert.strictEqual(r.completionProvider, true, 'a list client gets list completion');
    assert.ok(Array.isArray(r.completions) && r.completions.length > 0, 'Neovim got completions: ' + JSON.stringify(r));
  });

  it('the VS Code-like session is unaffected: own settings, inline completion still answers', async () => {
    assert.ok(init.capabilities.inlineCompletionProvider, 'inline-capable client gets inlineCompletionProvider');
    const s = await L.showSettings(vsc.conn);
    assert.strictEqual(s.completion.debounceMs, 22);
    const r = await vsc.conn.sendRequest(P.InlineCompletionRequest.type,
      { textDocument: { uri }, position: { line: 12, character: 0 }, context: { triggerKind: 1 } });
    assert.ok(r !== undefined, 'inline completion answered');
  });

  it('the command line joins the same server while both editors are connected', () => {
    const rel = path.relative(ws, file);
    const text = fs.readFileSync(file, 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('greeter.greetBob();')) + 1;
    const cli = cp.spawnSync(L.javaCmd(), ['-jar', L.JAR, 'complete', '--connect', String(server.port), '--workspace', ws, '--json',
      `${rel}:${line}:5`], { cwd: ws, env: L.serverEnv(), encoding: 'utf8', timeout: 90000 });
    assert.ok(cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stdout} ${cli.stderr}`);
    const out = JSON.parse(cli.stdout);
    assert.strictEqual(out.line, line);
    assert.ok(Array.isArray(out.items), JSON.stringify(out));
  });

  it('the VS Code-like session still answers after the CLI left', async () => {
    const s = await L.showSettings(vsc.conn);
    assert.strictEqual(s.completion.debounceMs, 22);
  });
});
