// Shared helpers of the Node client tests: start the real Codeloop jar (stdio or --tcp), connect a
// vscode-languageserver-protocol client to it, copy the fixture workspace, judge completions.
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const P = require('vscode-languageserver-protocol/node');
const { after: afterAllTests } = require('node:test');

// A test file's process ends once its tests and their teardown are done: about one run of
// tcp.test.js in 20-40 had every test passed and its process left waiting with nothing of its own
// open (process._getActiveHandles: only its standard output and error; no socket, child or timer),
// which held the whole suite until its timeout. Two seconds after the file's last hook, if it is
// still there, it exits with the status the runner set (the results are reported by then).
afterAllTests(() => {
  setTimeout(() => process.exit(), 2000).unref();
});

const CLIENTS_DIR = path.resolve(__dirname, '..', '..');
const REPO = path.resolve(CLIENTS_DIR, '..');
const JAR = path.resolve(REPO, process.env.CODELOOP_JAR || 'server/target/codeloop.jar');

/** A private copy of tests/fixtures/workspace (the server may index it and write caches). */
function copyWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-node-ws-'));
  fs.cpSync(path.join(CLIENTS_DIR, 'tests', 'fixtures', 'workspace'), dir, { recursive: true });
  return dir;
}

/** Environment for the server: user config, caches and state in a throw-away folder, not the real home. */
function serverEnv() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-node-home-'));
  process.on('exit', () => fs.rmSync(home, { recursive: true, force: true }));
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
  };
}

function javaCmd() {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** Starts the server on stdio; returns { child, conn, stderr() }. */
function startStdio() {
  if (!fs.existsSync(JAR)) throw new Error(`server jar not found: ${JAR} (build it or set CODELOOP_JAR)`);
  const child = cp.spawn(javaCmd(), ['-jar', JAR], { stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv() });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const conn = P.createProtocolConnection(new P.StreamMessageReader(child.stdout), new P.StreamMessageWriter(child.stdin));
  return { child, conn: wire(conn), stderr: () => err };
}

/** Starts `java -jar codeloop.jar --tcp 0` and resolves { child, port } once it listens. */
function startTcp() {
  if (!fs.existsSync(JAR)) throw new Error(`server jar not found: ${JAR} (build it or set CODELOOP_JAR)`);
  const child = cp.spawn(javaCmd(), ['-jar', JAR, '--tcp', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: serverEnv() });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error('server did not listen in 30 s: ' + err)); }, 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]), stderr: () => err }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${err}`)); });
  });
}

/**
 * Ends a --tcp server: closes the given client sockets, sends SIGTERM and waits for the exit. A
 * server still running 15 s later is killed and reported (its stderr's tail), never left to hold
 * the test process open.
 */
async function stopServer(server, ...sockets) {
  for (const s of sockets) if (s && !s.destroyed) s.destroy();
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', () => resolve('exited')));
  server.child.kill('SIGTERM');
  let timer;
  const outcome = await Promise.race([
    exited,
    new Promise((resolve) => { timer = setTimeout(() => resolve('running'), 15000); }),
  ]);
  clearTimeout(timer);
  if (outcome === 'running' && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    throw new Error('the server did not exit within 15 s of SIGTERM; its stderr ends with: '
      + server.stderr().slice(-2000));
  }
}

/** Connects a client to 127.0.0.1:port. */
function connectTcp(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const conn = P.createProtocolConnection(new P.SocketMessageReader(socket), new P.SocketMessageWriter(socket));
      resolve({ socket, conn: wire(conn) });
    });
    socket.on('error', reject);
  });
}

/** Default answers to server→client requests; records window/showMessage. Starts listening. */
function wire(conn) {
  conn.messages = [];
  conn.settings = {};
  conn.onNotification(P.ShowMessageNotification.type, (p) => conn.messages.push(p));
  conn.onNotification(P.LogMessageNotification.type, () => {});
  conn.onNotification(P.PublishDiagnosticsNotification.type, () => {});
  conn.onRequest(P.ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'codeloop' ? conn.settings : null)));
  conn.onRequest(P.RegistrationRequest.type, () => null);
  conn.onRequest(P.WorkDoneProgressCreateRequest.type, () => null);
  conn.onRequest(P.ApplyWorkspaceEditRequest.type, () => ({ applied: false, failureReason: 'test client' }));
  conn.listen();
  return conn;
}

/** initialize + initialized; `settings` go to initializationOptions.settings. */
async function initialize(conn, { rootDir, settings = {}, inline = false, name = 'codeloop-node-test', status = false, itemDefaults = null }) {
  conn.settings = settings;
  const textDocument = {
    synchronization: { dynamicRegistration: false, didSave: true },
    completion: { completionItem: { snippetSupport: false }, ...(itemDefaults ? { completionList: { itemDefaults } } : {}) },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source'] } } },
  };
  if (inline) textDocument.inlineCompletion = { dynamicRegistration: false };
  const result = await conn.sendRequest(P.InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name },
    rootUri: pathToUri(rootDir),
    workspaceFolders: [{ uri: pathToUri(rootDir), name: path.basename(rootDir) }],
    capabilities: {
      workspace: { configuration: true, applyEdit: true, workspaceFolders: true },
      textDocument,
      window: { workDoneProgress: true },
      ...(status ? { experimental: { codeloopStatus: true } } : {}),
    },
    initializationOptions: { settings },
  });
  await conn.sendNotification(P.InitializedNotification.type, {});
  return result;
}

async function showSettings(conn) {
  const r = await conn.sendRequest(P.ExecuteCommandRequest.type, { command: 'codeloop.showSettings', arguments: [] });
  return r && r.settings;
}

async function shutdown(conn) {
  await conn.sendRequest(P.ShutdownRequest.type);
  await conn.sendNotification(P.ExitNotification.type);
}

function pathToUri(p) {
  return 'file://' + p.split(path.sep).map(encodeURIComponent).join('/');
}

/** Identifiers and lines of the fixture's Java files. */
function fixtureText(ws) {
  const vocab = new Set();
  const lines = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.java')) {
        for (const l of fs.readFileSync(f, 'utf8').split('\n')) {
          lines.push(l);
          for (const w of l.match(/[A-Za-z_]\w*/g) || []) vocab.add(w);
        }
      }
    }
  };
  walk(path.join(ws, 'src'));
  return { vocab, lines };
}

/**
 * Is `text`, inserted at `start` of `line`, a plausible continuation? The identifier spanning the join
 * (or the first one after it) must occur in the fixture, or the inserted text must occur in a fixture
 * line, or the resulting line must be a prefix of a fixture line (or the other way round).
 */
function plausible(text, line, start, fixture) {
  const first = (text || '').split('\n')[0];
  if (!first.trim()) return false;
  const combined = line.slice(0, start) + first;
  const re = /[A-Za-z_]\w*/g;
  let m;
  while ((m = re.exec(combined))) {
    if (m.index + m[0].length > start) {
      if (fixture.vocab.has(m[0])) return true;
      break;
    }
  }
  const inserted = first.trim();
  if (inserted.length >= 2 && fixture.lines.some((l) => l.includes(inserted))) return true; // e.g. "(count);"
  const t = combined.trim();
  return fixture.lines.some((l) => l.trim() && (l.trim().startsWith(t) || t.startsWith(l.trim())));
}

/** Retries `fn` until it returns a truthy value or `ms` pass (the embedded model may still be indexing). */
async function eventually(fn, ms = 20000, every = 500) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, every));
  }
}

module.exports = {
  P, JAR, copyWorkspace, startStdio, startTcp, stopServer, connectTcp, initialize, showSettings, shutdown, pathToUri,
  fixtureText, plausible, eventually, javaCmd, serverEnv,
};
