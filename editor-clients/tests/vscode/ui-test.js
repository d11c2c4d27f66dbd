// UI smoke test of the Codeloop VS Code extension in code-server (see smoke.sh; run with NODE_PATH set to
// a folder holding playwright-core and vscode-languageserver-protocol).
//   node ui-test.js http://127.0.0.1:PORT /abs/workspace /abs/codeloop.jar /abs/screenshot-dir
// What the server advertises to an inline-capable client is asked from the jar first, so features it does
// not advertise are skipped, never passed.
'use strict';
const cp = require('node:child_process');
const path = require('node:path');
const { chromium } = require('playwright-core');
const P = require('vscode-languageserver-protocol/node');

const [url, folder, jar, shots] = process.argv.slice(2);
let passes = 0, failures = 0, skips = 0;
const check = (n, ok, d) => {
  if (ok) { passes++; console.log('PASS', n); } else { failures++; console.log('FAIL', n, d === undefined ? '' : JSON.stringify(d).slice(0, 300)); }
  return ok;
};
const skip = (n, why) => { skips++; console.log(`SKIP ${n}: ${why}`); };
const text = async (loc) => (await loc.innerText()).replace(/\u00a0/g, ' ');

/** Capabilities the jar gives a client that, like VS Code, declares inline completion. */
async function serverCapabilities() {
  const child = cp.spawn('java', ['-jar', jar], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = P.createProtocolConnection(new P.StreamMessageReader(child.stdout), new P.StreamMessageWriter(child.stdin));
  conn.listen();
  try {
    const r = await conn.sendRequest(P.InitializeRequest.type, { processId: process.pid, rootUri: null,
      capabilities: { textDocument: { inlineCompletion: {} } } });
    await conn.sendRequest(P.ShutdownRequest.type);
    await conn.sendNotification(P.ExitNotification.type);
    return r.capabilities;
  } finally {
    setTimeout(() => child.kill(), 2000).unref();
  }
}

async function palette(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
  await page.keyboard.type(title);
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first();
  await row.waitFor({ timeout: 30000 });
  await row.click();
}

(async () => {
  const caps = await serverCapabilities();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = (n) => page.screenshot({ path: path.join(shots, `shot-${n}.png`) }).catch(() => {});
  try {
    const t0 = Date.now();
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    check(`workbench loaded (${Date.now() - t0} ms)`, true);
    await page.waitForTimeout(1500);

    // open Main.java (activates the extension through onStartupFinished at the latest)
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
    await page.keyboard.type('Main.java');
    const row = page.locator('.quick-input-list .monaco-list-row:has-text("Main.java")').first();
    await row.waitFor({ timeout: 90000 }); // the file search is slow on a loaded machine
    await row.click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 20000 });
    check('Main.java opened', true);

    // the server started: its launch command is in the Codeloop output channel
    await palette(page, 'Codeloop: Show Server Output');
    const launched = await page.waitForSelector('.output-view .view-lines:has-text("-jar")', { timeout: 60000 }).then(() => true, () => false);
    await shot('1-output');
    check('output channel logs the launch command (java ... -jar .../codeloop.jar)', launched);

    // settings: user setting (debounceMs 42) and the workspace .codeloop.json (maxLines 8) reach the server
    await palette(page, 'Codeloop: Show Effective Settings');
    const tab = page.locator('.tab:has-text("Codeloop Settings.json")').first();
    const opened = await tab.waitFor({ timeout: 60000 }).then(() => true, () => false);
    await page.waitForTimeout(1000);
    const settingsText = opened ? await text(page.locator('.editor-group-container.active .view-lines').first()).catch(() => '') : '';
    await shot('2-settings');
    check('Show Effective Settings opens "Codeloop Settings.json"', opened);
    check('Show Effective Settings: codeloop.completion.debounceMs = 42 from VS Code settings', /"debounceMs":\s*42/.test(settingsText), settingsText.slice(0, 400));
    check('Show Effective Settings: maxLines = 8 from the workspace .codeloop.json', /"maxLines":\s*8/.test(settingsText), settingsText.slice(0, 400));

    // inline completion (ghost text) after "    inventory.add"
    if (!caps.inlineCompletionProvider) {
      skip('inline completion ghost text', 'server does not advertise inlineCompletionProvider');
    } else {
      await page.keyboard.press('Control+P');
      await page.keyboard.type('Main.java');
      await page.locator('.quick-input-list .monaco-list-row:has-text("Main.java")').first().click();
      await editor.click();
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
      await page.keyboard.type('12');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500); // let the go-to-line widget close before typing into the editor
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('inventory.add');
      await page.keyboard.press('Alt+Backslash');
      const ghost = await page.waitForSelector('.ghost-text-decoration, .ghost-text', { timeout: 20000 }).then(() => true, () => false);
      await shot('3-inline');
      check('inline completion ghost text shown', ghost);
    }
  } catch (e) {
    await shot('error');
    check('no exception', false, String(e).slice(0, 300));
  }
  await browser.close();
  console.log(`${skips} skipped`);
  console.log(`${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
})();
