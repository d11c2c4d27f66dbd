// What the benchmarks in this folder share: their command-line options, and a bare LSP client over
// any pair of streams (a server's stdio, a TCP socket). Plain Node, no dependencies.
'use strict';

/** The value after `name` on the command line, else `fallback`. */
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/**
 * An LSP client reading frames from `input` and writing them to `output`: requests resolve with
 * their response, and the server's own requests are answered with null as an editor that offers
 * nothing would (some servers handle nothing else until they are answered).
 */
function lspClient(input, output) {
  let buf = Buffer.alloc(0);
  const waiting = new Map();
  let nextId = 1;
  function send(msg) {
    const b = Buffer.from(JSON.stringify(msg), 'utf8');
    output.write(`Content-Length: ${b.length}\r\n\r\n`);
    output.write(b);
  }
  input.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(buf.subarray(0, end).toString('ascii'))[1]);
      if (buf.length < end + 4 + len) return;
      const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
      buf = buf.subarray(end + 4 + len);
      if (msg.method !== undefined) {
        if (msg.id !== undefined) send({ jsonrpc: '2.0', id: msg.id, result: null });
      } else if (waiting.has(msg.id)) {
        waiting.get(msg.id)(msg);
        waiting.delete(msg.id);
      }
    }
  });
  return {
    notify: (method, params) => send({ jsonrpc: '2.0', method, params }),
    request: (method, params) => new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ jsonrpc: '2.0', id, method, params });
    }),
  };
}

module.exports = { option, lspClient };
