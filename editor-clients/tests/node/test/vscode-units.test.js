// The VS Code extension's pure parts, run from its compiled output (run-tests.sh compiles it first):
// the settings generator covers every server setting, results render as Markdown, log levels are kept.
'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const VSCODE = path.resolve(__dirname, '..', '..', '..', 'vscode');
const REPO = path.resolve(VSCODE, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'settings.schema.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(VSCODE, 'package.json'), 'utf8'));

describe('VS Code settings generated from docs/settings.schema.json', () => {
  it('every server setting except the user-file-only ones is a contributed setting', async () => {
    const { USER_FILE_ONLY } = await import(path.join(VSCODE, 'scripts', 'generate-settings.mjs'));
    const keys = Object.keys(pkg.contributes.configuration.properties);
    const missing = Object.keys(schema.properties).filter((k) => !(k in USER_FILE_ONLY)
      && !keys.some((c) => c === `codeloop.${k}` || c.startsWith(`codeloop.${k}.`)));
    assert.deepStrictEqual(missing, []);
    for (const k of ['deadlines', 'budgets', 'hedging', 'breaker']) {
      assert.ok(keys.some((c) => c.startsWith(`codeloop.${k}`)), `codeloop.${k} not contributed`);
    }
  });

  it('package.json is what the generator writes (no hand edits)', async () => {
    const { generate } = await import(path.join(VSCODE, 'scripts', 'generate-settings.mjs'));
    const client = JSON.parse(fs.readFileSync(path.join(VSCODE, 'settings.client.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.configuration, generate(schema, client));
  });
});

describe('VS Code result rendering (out/commands/results.js)', () => {
  const R = require(path.join(VSCODE, 'out', 'commands', 'results.js'));

  it('doctor of an old server ({report}) and of a new one ({markdown}) both render as Markdown', () => {
    assert.strictEqual(R.resultMarkdown({ report: '# Doctor' }), '# Doctor');
    assert.strictEqual(R.resultMarkdown({ markdown: '# Doctor', report: 'x' }), '# Doctor');
  });

  it('shown: the server says so; without it, answerUri counts for a showDocument client', () => {
    assert.strictEqual(R.wasShown({ markdown: 'a', answerUri: 'file:///a.md', shown: false }), false);
    assert.strictEqual(R.wasShown({ markdown: 'a', shown: true }), true);
    assert.strictEqual(R.wasShown({ markdown: 'a', answerUri: 'file:///a.md' }), true);
    assert.strictEqual(R.wasShown({ markdown: 'a', answerUri: 'file:///a.md' }, false), false);
    assert.strictEqual(R.wasShown({ markdown: 'a' }), false);
  });

  it('a tool run becomes a Markdown summary with its failures', () => {
    const md = R.resultMarkdown({ kind: 'tests', durationMs: 5, counts: { tools: 1, failedTools: 1, findings: 1, error: 1, warning: 0, files: 1 },
      firstFailures: [{ file: 'a.js', line: 3, message: 'expected 2', tool: 'npm test' }], tools: [{ id: 'npm test', exitCode: 1 }] });
    assert.match(md, /^# tests: 1 finding\(s\), 1 error\(s\)/);
    assert.match(md, /- a\.js:3 expected 2 \(npm test\)/);
  });
});

describe('VS Code server log levels (out/client/stderr.js)', () => {
  const S = require(path.join(VSCODE, 'out', 'client', 'stderr.js'));
  it('INFO is info, WARNING is warn, SEVERE is error, a stack line keeps the previous level', () => {
    assert.strictEqual(S.levelOf('22:01:59.988 INFO InitializeHandler [main] initialize'), 'info');
    assert.strictEqual(S.levelOf('22:02:49.599 WARNING RemoteEndpoint [main] Unmatched cancel'), 'warn');
    assert.strictEqual(S.levelOf('22:02:49.599 SEVERE Server [main] boom'), 'error');
    assert.strictEqual(S.levelOf('\tat dev.codeloop.Foo.bar(Foo.java:3)', 'error'), 'error');
  });
});

describe('VS Code server command (out/server/serverStarter.js)', () => {
  const S = require(path.join(VSCODE, 'out', 'server', 'serverStarter.js'));
  it('prefers an executable codeloop launcher beside the jar, else none', () => {
    const os = require('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codeloop-launcher-'));
    try {
      assert.strictEqual(S.launcherBeside(path.join(dir, 'codeloop.jar')), undefined);
      fs.writeFileSync(path.join(dir, 'codeloop'), '#!/bin/sh\n', { mode: 0o644 });
      assert.strictEqual(S.launcherBeside(path.join(dir, 'codeloop.jar')), undefined, 'not executable');
      fs.chmodSync(path.join(dir, 'codeloop'), 0o755);
      assert.strictEqual(S.launcherBeside(path.join(dir, 'codeloop.jar')), path.join(dir, 'codeloop'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('VS Code status bar text (out/status/presentation.js)', () => {
  const S = require(path.join(VSCODE, 'out', 'status', 'presentation.js'));
  it('model, busy count, offline, authentication failure, untrusted, error', () => {
    assert.strictEqual(S.statusPresentation(undefined).text, '$(sparkle) Codeloop');
    assert.strictEqual(S.statusPresentation({ state: 'ready', model: 'embedded', inFlight: 0, message: null }).text, '$(sparkle) Codeloop embedded');
    const busy = S.statusPresentation({ state: 'busy', model: 'strong', inFlight: 2, message: null });
    assert.strictEqual(busy.text, '$(sync~spin) Codeloop strong');
    assert.match(busy.tooltip, /2 model request/);
    assert.strictEqual(S.statusPresentation({ state: 'offline', model: null, inFlight: 0, message: null }).error, true);
    assert.strictEqual(S.statusPresentation({ state: 'authenticationFailed', model: 'openai', inFlight: 0, message: 'bad key' }).text, '$(key) Codeloop auth failed');
    assert.strictEqual(S.statusPresentation({ state: 'untrusted', model: null, inFlight: 0, message: null }).error, false);
    const error = S.statusPresentation({ state: 'error', model: null, inFlight: 0, message: 'timeout' });
    assert.strictEqual(error.error, true);
    assert.match(error.tooltip, /timeout/);
  });
});
