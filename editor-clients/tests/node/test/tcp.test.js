// TCP mode: one server process, two editors connected at once, each its own LSP session.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const L = require('../lib');
const { P } = L;

describe('two clients at once over --tcp', () => {
  const ws = L.copyWorkspace();
  let server, a, b, ia, ib;
  before(async () => {
    server = await L.startTcp();
    assert.ok(server.port > 0);
    [a, b] = await Promise.all([L.connectTcp(server.port), L.connectTcp(server.port)]);
    [ia, ib] = await Promise.all([
      L.initialize(a.conn, { rootDir: ws, name: 'client-a', settings: { completion: { debounceMs: 11 } } }),
      L.initialize(b.conn, { rootDir: ws, name: 'client-b', inline: true, settings: { completion: { debounceMs: 22 } } }),
    ]);
  });
  after(async () => {
    try {
      await L.stopServer(server, a && a.socket, b && b.socket);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('both sessions initialize, capabilities follow each client', () => {
    assert.strictEqual(ia.serverInfo && ia.serverInfo.name, 'codeloop');
    assert.strictEqual(ib.serverInfo && ib.serverInfo.name, 'codeloop');
    assert.strictEqual(ia.capabilities.textDocumentSync.change, P.TextDocumentSyncKind.Incremental);
    // style auto: a list client gets list completion, an inline client inline completion
    assert.ok(!ia.capabilities.inlineCompletionProvider, 'client-a has no inline capability');
    assert.ok(!ib.capabilities.completionProvider, 'client-b is inline-capable');
  });

  it('each session keeps its own initializationOptions settings', async () => {
    const [sa, sb] = await Promise.all([L.showSettings(a.conn), L.showSettings(b.conn)]);
    assert.strictEqual(sa.completion.debounceMs, 11);
    assert.strictEqual(sb.completion.debounceMs, 22);
  });

  it('a bad setting in one session is reported to that session only', async () => {
    await a.conn.sendNotification(P.DidChangeConfigurationNotification.type, { settings: { codeloop: { completion: { maxLines: -1 } } } });
    const got = await L.eventually(() => a.conn.messages.some((m) => m.message.includes('completion.maxLines')), 10000, 100);
    assert.ok(got, 'client-a got no showMessage naming completion.maxLines: ' + JSON.stringify(a.conn.messages));
    assert.ok(!b.conn.messages.some((m) => m.message.includes('completion.maxLines')), 'client-b must not see client-a\'s problem');
  });

  const file = path.join(ws, 'src/main/java/demo/Main.java');
  const uri = L.pathToUri(file);

  it('same document open in both sessions with different versions and text', async () => {
    const text = fs.readFileSync(file, 'utf8');
    await a.conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'java', version: 1, text } });
    await b.conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'java', version: 7, text: text + '\n// b\n' } });
    await b.conn.sendNotification(P.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 8 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// b edit\n' }] });
    // both still answer (no cross-session version clash)
    const [sa, sb] = await Promise.all([L.showSettings(a.conn), L.showSettings(b.conn)]);
    assert.ok(sa && sb);
  });

  it('list completion for client-a while client-b is connected', async () => {
    assert.ok(ia.capabilities.completionProvider, 'server does not advertise completionProvider to client-a');
    const bob = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('greeter.greetBob();'));
    let items = [];
    await L.eventually(async () => {
      const res = await a.conn.sendRequest(P.CompletionRequest.type, { textDocument: { uri }, position: { line: bob, character: 12 } });
      items = res ? (Array.isArray(res) ? res : res.items) : [];
      return items.length > 0;
    });
    assert.ok(items.length > 0, 'client-a got no completion items');
  });

  it('one client leaving does not disturb the other', async () => {
    await L.shutdown(a.conn);
    await new Promise((resolve) => { if (a.socket.destroyed) resolve(); else a.socket.on('close', resolve); });
    const sb = await L.showSettings(b.conn);
    assert.strictEqual(sb.completion.debounceMs, 22);
    await L.shutdown(b.conn);
    assert.strictEqual(server.child.exitCode, null, 'the TCP server keeps listening after its sessions end');
  });

  it('a third client can connect afterwards', async () => {
    const c = await L.connectTcp(server.port);
    const ic = await L.initialize(c.conn, { rootDir: ws, name: 'client-c' });
    assert.strictEqual(ic.serverInfo.name, 'codeloop');
    await L.shutdown(c.conn);
    c.socket.destroy();
  });
});
