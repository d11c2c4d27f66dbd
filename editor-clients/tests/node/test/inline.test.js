// Inline completion (LSP 3.18 textDocument/inlineCompletion): the path Neovim 0.7 and eglot 1.9 lack.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const L = require('../lib');
const { P } = L;

describe('inline completion over stdio', () => {
  const ws = L.copyWorkspace();
  const fixture = L.fixtureText(ws);
  const file = path.join(ws, 'src/main/java/demo/Main.java');
  const uri = L.pathToUri(file);
  let child, conn, stderr, exited, caps, position;
  const line = '    inventory.add';

  before(async () => {
    ({ child, conn, stderr } = L.startStdio());
    exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const init = await L.initialize(conn, { rootDir: ws, inline: true, settings: { completion: { debounceMs: 0 } } });
    caps = init.capabilities;
    // open, then an incremental edit that leaves the cursor after "    inventory.add"
    const text = fs.readFileSync(file, 'utf8');
    const bob = text.split('\n').findIndex((l) => l.includes('greeter.greetBob();'));
    assert.ok(bob > 0);
    await conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'java', version: 1, text } });
    const at = { line: bob + 1, character: 0 };
    await conn.sendNotification(P.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: at }, text: line + '\n' }],
    });
    position = { line: bob + 1, character: line.length };
  });
  after(() => { if (child && child.exitCode === null) child.kill(); fs.rmSync(ws, { recursive: true, force: true }); });

  it('inline-capable client gets inlineCompletionProvider, not the list (style auto)', () => {
    assert.ok(caps.inlineCompletionProvider, 'inlineCompletionProvider missing: ' + JSON.stringify(caps));
    assert.ok(!caps.completionProvider, 'completionProvider should not be advertised too with style auto');
  });

  it('textDocument/inlineCompletion returns a plausible continuation', async () => {
    assert.ok(caps.inlineCompletionProvider, 'server does not advertise inlineCompletionProvider');
    let items = [];
    await L.eventually(async () => {
      const r = await conn.sendRequest(P.InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 1 } });
      items = r ? (Array.isArray(r) ? r : r.items || []) : [];
      return items.length > 0;
    });
    assert.ok(items.length > 0, 'no inline completion items');
    const texts = items.map((i) => (typeof i.insertText === 'string' ? i.insertText : i.insertText.value));
    const starts = items.map((i) => (i.range ? i.range.start.character : position.character));
    for (const i of items) {
      if (i.range) assert.strictEqual(i.range.start.line, position.line, 'inline range must stay on the cursor line');
    }
    assert.ok(texts.some((x, k) => L.plausible(x, line, starts[k], fixture)), 'no plausible item: ' + JSON.stringify(texts));
    console.log('# inline items: ' + JSON.stringify(texts));
  });

  it('shutdown and exit end the process with status 0', async () => {
    await L.shutdown(conn);
    const { code } = await exited;
    assert.strictEqual(code, 0, stderr().slice(-2000));
  });
});

describe('settings from initializationOptions', () => {
  it('completion.style "list" switches an inline-capable client to list items', async (t) => {
  const ws = L.copyWorkspace();
  const { child, conn } = L.startStdio();
  t.after(() => { if (child.exitCode === null) child.kill(); fs.rmSync(ws, { recursive: true, force: true }); });
  const init = await L.initialize(conn, { rootDir: ws, inline: true, settings: { completion: { style: 'list' } } });
  assert.ok(init.capabilities.completionProvider, 'completionProvider missing');
  assert.ok(!init.capabilities.inlineCompletionProvider, 'inlineCompletionProvider should be off with style list');
  const s = await L.showSettings(conn);
  assert.strictEqual(s.completion.style, 'list');
  await L.shutdown(conn);
});
});

describe('the ghost text and the menu asked at one keystroke (completion.style "both")', () => {
  it('both are answered, and the menu says its shared edit range once (item defaults)', async (t) => {
    const ws = L.copyWorkspace();
    const { child, conn } = L.startStdio();
    t.after(() => { if (child.exitCode === null) child.kill(); fs.rmSync(ws, { recursive: true, force: true }); });
    const init = await L.initialize(conn, {
      rootDir: ws, inline: true, itemDefaults: ['editRange', 'insertTextFormat', 'insertTextMode'],
      settings: { completion: { style: 'both', debounceMs: 0 } },
    });
    assert.ok(init.capabilities.inlineCompletionProvider && init.capabilities.completionProvider, 'style both advertises both');
    const file = path.join(ws, 'src/main/java/demo/Main.java');
    const uri = L.pathToUri(file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const bob = lines.findIndex((l) => l.includes('greeter.greetBob();'));
    lines.splice(bob + 1, 0, '    inventory.add');
    await conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'java', version: 1, text: lines.join('\n') } });
    const position = { line: bob + 1, character: '    inventory.add'.length };
    const askGhost = () => conn.sendRequest(P.InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
    const askMenu = () => conn.sendRequest(P.CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 3 } });
    const itemsOf = (r) => (r ? (Array.isArray(r) ? r : r.items || []) : []);
    // each alone first, until the embedded model has learned the workspace
    assert.ok(await L.eventually(async () => itemsOf(await askGhost()).length > 0, 30000), 'no ghost text at all');
    assert.ok(await L.eventually(async () => itemsOf(await askMenu()).length > 0, 30000), 'no menu at all');
    // then as VS Code does at a keystroke, once: both requests sent before either answer is read
    const [g, menu] = await Promise.all([askGhost(), askMenu()]);
    const ghost = itemsOf(g);
    assert.ok(ghost.length > 0, 'the ghost text came back empty next to the menu');
    assert.ok(menu && menu.items.length > 0, 'the menu came back empty next to the ghost text: ' + JSON.stringify(menu));
    const range = menu.itemDefaults && menu.itemDefaults.editRange;
    assert.ok(range, 'no item defaults: ' + JSON.stringify(menu).slice(0, 300));
    assert.deepStrictEqual(range, { start: { line: position.line, character: position.character - 3 }, end: position });
    for (const it of menu.items) {
      assert.ok(!it.textEdit, 'an item repeats the edit range: ' + JSON.stringify(it));
      const text = it.textEditText || it.label;
      assert.ok(text.toLowerCase().startsWith('add') || (it.filterText || '').toLowerCase().startsWith('add'), 'an item does not continue "add": ' + JSON.stringify(it));
    }
    console.log('# ghost: ' + JSON.stringify(ghost.map((i) => i.insertText)) + ' menu: ' + JSON.stringify(menu.items.slice(0, 5).map((i) => i.textEditText || i.label)));
    await L.shutdown(conn);
  });
});
