// codeloop/status from the real server (docs/LSP-EXTENSIONS.md): sent to a client that declares
// experimental.codeloopStatus, never to one that does not; untrusted, then ready once trusted.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const L = require('../lib');

function collect(conn) {
  const seen = [];
  conn.onNotification('codeloop/status', (p) => seen.push(p));
  return seen;
}

describe('codeloop/status', () => {
  const ws = L.copyWorkspace();
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('is sent to a client that asks: untrusted at first, ready after codeloop.trustWorkspace', async () => {
    const { child, conn } = L.startStdio();
    const seen = collect(conn);
    try {
      await L.initialize(conn, { rootDir: ws, status: true });
      assert.ok(await L.eventually(() => seen.length > 0, 20000, 100), 'no codeloop/status arrived');
      const first = seen[seen.length - 1];
      assert.strictEqual(first.state, 'untrusted', JSON.stringify(seen));
      assert.strictEqual(typeof first.inFlight, 'number');
      assert.ok(first.message && /not trusted/.test(first.message), JSON.stringify(first));
      await conn.sendRequest('workspace/executeCommand', { command: 'codeloop.trustWorkspace', arguments: [] });
      assert.ok(await L.eventually(() => seen.some((p) => p.state === 'ready'), 20000, 100), JSON.stringify(seen));
      await L.shutdown(conn);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  it('is never sent to a client that does not declare it', async () => {
    const { child, conn } = L.startStdio();
    const seen = collect(conn);
    try {
      await L.initialize(conn, { rootDir: ws });
      await L.showSettings(conn); // a round trip after initialized: a status would have been sent by now
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(seen, []);
      await L.shutdown(conn);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});
