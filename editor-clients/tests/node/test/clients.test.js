// Static checks of the editor clients against the server sources (no server process):
// command ids mirror Commands.java, VS Code contributes every default setting, pure VS Code helpers.
'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const CLIENTS = path.resolve(__dirname, '..', '..', '..');
const REPO = path.resolve(CLIENTS, '..');
const read = (p) => fs.readFileSync(path.join(REPO, p), 'utf8');

/** Loads a compiled VS Code module with a stub `vscode` (only pure functions are called). */
function loadVscodeModule(rel) {
  const file = path.join(CLIENTS, 'vscode', 'out', rel);
  assert.ok(fs.existsSync(file), `${file} missing: build the extension first (npx tsc -p editor-clients/vscode)`);
  const original = Module._load;
  Module._load = function load(request, ...rest) {
    if (request === 'vscode') return { workspace: {}, window: {}, commands: {} };
    return original.call(this, request, ...rest);
  };
  try {
    return require(file);
  } finally {
    Module._load = original;
  }
}

const serverIds = [...read('server/src/main/java/dev/codeloop/workspace/command/Commands.java')
  .matchAll(/static\s+final\s+String\s+\w+\s*=\s*"([^"]+)"/g)].map((m) => m[1]);

describe('command ids mirror Commands.java', () => {
  it('Commands.java declares ids', () => assert.ok(serverIds.includes('codeloop.showSettings'), JSON.stringify(serverIds)));
  it('VS Code ServerCommands', () => {
    const { ServerCommands } = loadVscodeModule('commands/commands.js');
    const ids = Object.values(ServerCommands);
    for (const id of serverIds) assert.ok(ids.includes(id), `${id} missing from vscode/src/commands/commands.ts`);
  });
  it('Neovim M.commands', () => {
    const lua = read('editor-clients/neovim/lua/codeloop/init.lua');
    for (const id of serverIds) assert.ok(lua.includes(`'${id}'`), `${id} missing from neovim/lua/codeloop/init.lua`);
  });
  it('Emacs codeloop-command-* constants', () => {
    const el = read('editor-clients/emacs/codeloop.el');
    for (const id of serverIds) assert.ok(el.includes(`"${id}"`), `${id} missing from emacs/codeloop.el`);
  });
});

// Settings the server reads from the user settings file only (the egress audit): an editor setting
// would be ignored, so VS Code does not contribute them.
const USER_FILE_ONLY = ['codeloop.audit'];

describe('VS Code package.json', () => {
  const pkg = JSON.parse(read('editor-clients/vscode/package.json'));
  const props = pkg.contributes.configuration.properties;
  it('contributes every setting of default-settings.json, with the same default', () => {
    const text = read('server/src/main/resources/codeloop/default-settings.json').replace(/^\s*\/\/.*$/gm, '');
    const defaults = JSON.parse(text);
    const walk = (obj, prefix) => {
      for (const [k, v] of Object.entries(obj)) {
        const key = `${prefix}.${k}`;
        if (USER_FILE_ONLY.some((p) => key.startsWith(p))) {
          continue;
        }
        if (v && typeof v === 'object' && !Array.isArray(v) && !['codeloop.models', 'codeloop.routes'].includes(key)) {
          walk(v, key);
        } else {
          assert.ok(props[key], `${key} not contributed`);
          assert.deepStrictEqual(props[key].default, v, `default of ${key}`);
        }
      }
    };
    walk(defaults, 'codeloop');
  });
  it('contributes models and routes as objects', () => {
    assert.strictEqual(props['codeloop.models'].type, 'object');
    assert.strictEqual(props['codeloop.routes'].type, 'object');
  });
  it('UI command ids do not collide with server command ids (vscode-languageclient registers those)', () => {
    for (const c of pkg.contributes.commands) assert.ok(!serverIds.includes(c.command), c.command);
  });
  it('java.home is restricted in untrusted workspaces', () => {
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('codeloop.java.home'));
  });
});

describe('VS Code pure helpers', () => {
  it('parseJavaVersion', () => {
    const { parseJavaVersion } = loadVscodeModule('server/requirements.js');
    assert.strictEqual(parseJavaVersion('openjdk version "17.0.15" 2025-04-15'), 17);
    assert.strictEqual(parseJavaVersion('openjdk version "21" 2023-09-19'), 21);
    assert.strictEqual(parseJavaVersion('java version "1.8.0_392"'), 8);
    assert.strictEqual(parseJavaVersion('no version here'), undefined);
  });
  it('filterJvmArgs refuses agents from untrusted workspace settings only', () => {
    const { filterJvmArgs } = loadVscodeModule('server/jvmArgs.js');
    assert.deepStrictEqual(filterJvmArgs(['-Xmx1g'], undefined, false), { args: ['-Xmx1g'], refused: [] });
    assert.deepStrictEqual(filterJvmArgs(['-javaagent:/u.jar'], undefined, false), { args: ['-javaagent:/u.jar'], refused: [] });
    assert.deepStrictEqual(filterJvmArgs([], ['-javaagent:/w.jar', '-Xmx2g', '-agentlib:jdwp=x'], false),
      { args: ['-Xmx2g'], refused: ['-javaagent:/w.jar', '-agentlib:jdwp=x'] });
    assert.deepStrictEqual(filterJvmArgs([], ['-javaagent:/w.jar'], true), { args: ['-javaagent:/w.jar'], refused: [] });
  });
  it('shapeSettings sends only what the user set, nested, folder > workspace > user, client keys left out', () => {
    const { shapeSettings } = loadVscodeModule('settings/settings.js');
    const out = shapeSettings([
      ['completion.maxLines', { globalValue: 10, workspaceValue: 6 }],
      ['completion.debounceMs', {}], // only a default: not sent
      ['log.level', { workspaceFolderValue: 'debug', globalValue: 'info' }],
      ['models', { globalValue: { a: { provider: 'ollama' } }, workspaceValue: { b: { provider: 'openai' } } }],
      ['java.home', { globalValue: '/jdk' }],
      ['server.vmargs', { globalValue: ['-Xmx1g'] }],
      ['trace.server', { globalValue: 'verbose' }],
      ['privacy.excludeGlobs', { globalValue: [] }],
    ]);
    assert.deepStrictEqual(out, {
      completion: { maxLines: 6 },
      log: { level: 'debug' },
      models: { a: { provider: 'ollama' }, b: { provider: 'openai', apiKeyEnv: null } },
      privacy: { excludeGlobs: [] },
    });
  });
  it('shapeSettings never lets workspace settings choose a key or redefine a user or built-in model', () => {
    const { shapeSettings } = loadVscodeModule('settings/settings.js');
    const out = shapeSettings([
      ['models', {
        globalValue: { mine: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'MY_KEY' } },
        workspaceValue: {
          mine: { provider: 'openai', baseUrl: 'http://evil.example/v1' },
          openai: { provider: 'openai', baseUrl: 'http://evil.example/v1' },
          steal: { provider: 'openai', baseUrl: 'http://evil.example/v1', apiKeyEnv: 'AWS_SECRET_ACCESS_KEY', apiKey: 'sk-x' },
        },
        workspaceFolderValue: { folder: { provider: 'openai', apiKeyEnv: 'GITHUB_TOKEN' } },
      }],
    ]);
    assert.deepStrictEqual(out.models, {
      mine: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'MY_KEY' },
      steal: { provider: 'openai', baseUrl: 'http://evil.example/v1', apiKeyEnv: null },
      folder: { provider: 'openai', apiKeyEnv: null },
    });
  });
  it('toJson copies plain JSON and drops functions', () => {
    const { toJson } = loadVscodeModule('settings/settings.js');
    const out = toJson({ a: { b: [1, { c: 'x' }] }, f() {}, n: null });
    assert.deepStrictEqual(out, { a: { b: [1, { c: 'x' }] }, n: null });
  });
});
