// An OpenAI-compatible model on 127.0.0.1 for the VS Code end-to-end test: POST /v1/chat/completions,
// answered as JSON or, when the request asks for "stream": true, as SSE chunks (the real wire formats).
//   - a request that carries a fenced code block ("Document ... ```java ...```") is answered with that code
//     and a doc comment line before it (what "Add documentation with AI" expects back);
//   - anything else (the chat) is answered "Hello from the loopback model."
// Every request is appended to the file given as second argument (one JSON line each).
//   node openai-loopback.js PORTFILE LOGFILE      (writes the port it listens on to PORTFILE)
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const [portFile, logFile] = process.argv.slice(2);
const CHAT_ANSWER = 'Hello from the loopback model.';
const DOC_LINE = '/** Documented by the loopback model. */';

function reply(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const text = user && typeof user.content === 'string' ? user.content : '';
  const fence = /```[^\n]*\n([\s\S]*?)\n```/.exec(text);
  if (!fence) return CHAT_ANSWER;
  const code = fence[1];
  const first = code.split('\n').find((l) => l.trim() !== '') || '';
  const indent = /^\s*/.exec(first)[0];
  return 'Here it is:\n\n```java\n' + indent + DOC_LINE + '\n' + code + '\n```\n';
}

function chunk(delta, finish) {
  return 'data: ' + JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'test-model',
    choices: [{ index: 0, delta, finish_reason: finish }] }) + '\n\n';
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => { raw += d; });
  req.on('end', () => {
    let body = {};
    try { body = JSON.parse(raw || '{}'); } catch { /* answered 400 below */ }
    if (logFile) fs.appendFileSync(logFile, JSON.stringify({ path: req.url, stream: !!body.stream, body }) + '\n');
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions') || !Array.isArray(body.messages)) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end('{"error":{"message":"not found"}}');
    }
    const text = reply(body);
    if (body.stream) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: '' }, null));
      const size = Math.max(1, Math.ceil(text.length / 3));
      for (let i = 0; i < text.length; i += size) res.write(chunk({ content: text.slice(i, i + size) }, null));
      res.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }));
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
