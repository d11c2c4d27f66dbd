// stdio <-> TCP bridge for LSP clients without a TCP transport (Neovim 0.7 has no vim.lsp.rpc.connect):
//   node tcp-bridge.js PORT      connects to 127.0.0.1:PORT, copies stdin to the socket and the socket to stdout
'use strict';
const net = require('node:net');
const port = Number(process.argv[2]);
const socket = net.connect({ host: '127.0.0.1', port }, () => {
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
});
socket.on('close', () => process.exit(0));
socket.on('error', (e) => { process.stderr.write(`tcp-bridge: ${e.message}\n`); process.exit(1); });
process.stdin.on('end', () => socket.end());
