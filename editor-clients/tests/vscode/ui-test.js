// End-to-end test of the Codeloop VS Code extension in code-server (real VS Code) in headless Chromium,
// driven by playwright-core. Started by run.sh (NODE_PATH holds playwright-core):
//   node ui-test.js http://127.0.0.1:PORT /abs/workspace /abs/workdir
// The workspace is the fixture plus notes.codeloop.md; the user settings route code actions and the chat
// to the OpenAI-compatible loopback model run.sh started. Checks what a user sees: the server launched
// (no JDWP line), the status bar item and its doctor menu (Markdown, not JSON), a setting only the
// schema-generated package.json declares (deadlines) reaching the server, ghost text from the embedded
// model, a code action applied (Add documentation with AI, resolved through the loopback model), and a
// command that edits a file (Chat appends the model's answer to the chat file). Nothing is skipped.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [url, folder, work] = process.argv.slice(2);
let passes = 0, failures = 0;
const check = (n, ok, d) => {
  if (ok) { passes++; console.log('PASS', n); } else { failures++; console.log('FAIL', n, d === undefined ? '' : JSON.stringify(d).slice(0, 400)); }
  return ok;
};
const norm = (s) => s.replace(/\u00a0/g, ' ');
const modelRequests = () => {
  try { return fs.readFileSync(path.join(work, 'model.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)); } catch { return []; }
};

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = (n) => page.screenshot({ path: path.join(work, `shot-${n}.png`) }).catch(() => {});
  const activeText = async () => norm(await page.locator('.editor-group-container.active .view-lines').first().innerText().catch(() => ''));
  const waitActiveText = async (re, ms) => {
    const end = Date.now() + ms;
    let t = '';
    while (Date.now() < end) {
      t = await activeText();
      if (re.test(t)) return { ok: true, text: t };
      await page.waitForTimeout(250);
    }
    return { ok: false, text: t };
  };
  const quickOpen = async (name) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
    await page.keyboard.type(name);
    const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${name}")`).first();
    await row.waitFor({ timeout: 90000 }); // the file search is slow on a loaded machine
    await row.click();
    await page.locator('.editor-instance .monaco-editor').first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(500);
  };
  const palette = async (title) => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
    await page.keyboard.type(title);
    const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first();
    await row.waitFor({ timeout: 30000 });
    await row.click();
  };
  const goToLine = async (n) => {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15000 });
    await page.keyboard.type(String(n));
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
  };
  try {
    const t0 = Date.now();
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    check(`workbench loaded (${Date.now() - t0} ms)`, true);
    await page.waitForTimeout(1500);

    await quickOpen('Main.java');
    check('Main.java opened', true);

    // the status bar item (created at activation; text from codeloop/status once the server sends it)
    const status = page.locator('.statusbar-item:has-text("Codeloop")').first();
    check('status bar item "Codeloop" shown', await status.waitFor({ timeout: 60000 }).then(() => true, () => false));

    // the server started: its launch command is in the output channel, without a JDWP agent
    // The channel may already hold many server lines, and the view follows its end (Monaco renders only
    // the visible lines), so the view is scrolled to the top before reading; a palette pick that did not
    // take (a loaded machine, a widget still closing) is tried again, three times in all.
    let launched = false;
    let outputText = '';
    for (let attempt = 1; attempt <= 3 && !launched; attempt++) {
      await page.keyboard.press('Escape');
      await palette('Codeloop: Show Server Output');
      const lines = page.locator('.output-view .view-lines').first();
      if (!(await lines.waitFor({ timeout: 20000 }).then(() => true, () => false))) continue;
      await lines.click().catch(() => {});
      await page.keyboard.press('Control+Home');
      const end = Date.now() + 15000;
      while (Date.now() < end && !launched) {
        outputText = norm(await lines.innerText().catch(() => ''));
        // a long launch line wraps in the view (the CI's folder names are long): read it unwrapped
        launched = /Launch: .*-jar .*codeloop\.jar/.test(outputText.replace(/\n/g, ''));
        if (!launched) await page.waitForTimeout(500);
      }
    }
    await shot('1-output');
    check('output channel logs the launch command (java ... -jar .../codeloop.jar)', launched, outputText.slice(0, 300));
    check('no JDWP/debug launch line', launched && !/jdwp|debug mode/i.test(outputText), outputText.slice(0, 300));
    const misTagged = outputText.split('\n').filter((l) => /\[error\]/.test(l) && /\b(INFO|WARNING)\b/.test(l));
    check('server INFO/WARNING lines are not tagged [error]', misTagged.length === 0, misTagged.slice(0, 3));

    // settings: VS Code settings (debounceMs, deadlines) and the workspace .codeloop.json (maxLines 8)
    await page.setViewportSize({ width: 1400, height: 4000 }); // Monaco renders only the visible lines
    await palette('Codeloop: Show Effective Settings');
    const tab = page.locator('.tab:has-text("Codeloop Settings.json")').first();
    const opened = await tab.waitFor({ timeout: 60000 }).then(() => true, () => false);
    await page.waitForTimeout(1000);
    const settingsText = opened ? await activeText() : '';
    await shot('2-settings');
    await page.setViewportSize({ width: 1400, height: 900 });
    check('Show Effective Settings opens "Codeloop Settings.json"', opened);
    check('codeloop.completion.debounceMs = 42 from VS Code settings reaches the server', /"debounceMs":\s*42/.test(settingsText), settingsText.slice(0, 400));
    check('codeloop.deadlines (declared from the schema) reaches the server', /"chat":\s*61000/.test(settingsText), settingsText.slice(0, 600));
    check('maxLines = 8 from the workspace .codeloop.json', /"maxLines":\s*8/.test(settingsText), settingsText.slice(0, 400));

    // inline completion (ghost text) after "    greeter.greetA": one likely ending (greetAlice). The
    // embedded model's ghost text is gated by its calibrated confidence (docs/EMBEDDED-MODEL.md), so
    // "inventory.add", with three equally likely endings (addApples, addPears, addPlums), shows none
    // as you type; the menu and an invoked completion still offer all three.
    await quickOpen('Main.java');
    await page.locator('.editor-instance .monaco-editor').first().click();
    await goToLine(12);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // Each try re-types the line from a clean state: the embedded model learns the open
    // buffer shortly after a change, half-typed word included, and then has no suggestion for that word
    // (a server behaviour the Emacs suite works around the same way).
    const retypeLine = async (text) => {
      await page.keyboard.press('Home');
      await page.keyboard.press('Shift+End');
      await page.keyboard.press('Delete');
      await page.waitForTimeout(800);
      await page.keyboard.type(text);
    };
    let ghost = false;
    for (let i = 0; i < 4 && !ghost; i++) {
      await retypeLine('greeter.greetA'); // the automatic request as you type
      ghost = await page.waitForSelector('.ghost-text-decoration, .ghost-text', { timeout: 8000 }).then(() => true, () => false);
    }
    await shot('3-inline');
    check('inline completion ghost text shown', ghost);
    await page.keyboard.press('Escape');

    // An invoked completion ("Trigger Inline Suggestion": LSP triggerKind Invoked) asks the embedded model
    // for several candidates and skips the as-you-type confidence gate, so "inventory.add", with three
    // equally likely endings, gets ghost text when asked for. Run from the palette: the Alt+\ key press
    // Playwright sends reaches code-server as no trigger at all (the server's log showed only automatic
    // requests), so the check above passes on the automatic request alone.
    let invokedGhost = '';
    for (let i = 0; i < 4 && !invokedGhost; i++) {
      await retypeLine('inventory.add');
      await page.waitForTimeout(300);
      await palette('Trigger Inline Suggestion');
      const shown = await page.waitForSelector('.ghost-text-decoration, .ghost-text', { timeout: 8000 }).then(() => true, () => false);
      if (shown) {
        const line = (await activeText()).split('\n')[12]; // line 13, the one typed on
        const ghostText = norm(await page.locator('.ghost-text-decoration, .ghost-text').first().innerText().catch(() => ''));
        invokedGhost = ghostText || (line || '').trim().replace(/^inventory\.add/, '');
        console.log(`  (invoked ghost text: ${JSON.stringify(invokedGhost)})`);
      }
    }
    await shot('3b-inline-invoked');
    check('invoked inline completion (Trigger Inline Suggestion) shows ghost text for inventory.add', /^(Apples|Pears|Plums)/.test(invokedGhost), invokedGhost);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');

    // code action: "Add documentation with AI" on greetBob, resolved through the loopback model, applied
    await quickOpen('Greeter.java');
    await page.locator('.editor-instance .monaco-editor').first().click();
    await goToLine(11);
    await page.keyboard.press('End');
    const before = modelRequests().length;
    const item = page.locator('.action-widget .monaco-list-row:has-text("Add documentation with AI")').first();
    await page.keyboard.press('Control+Period'); // Quick Fix… (lists refactorings too)
    let listed = await item.waitFor({ timeout: 15000 }).then(() => true, () => false);
    if (!listed) {
      await shot('4-quickfix-empty');
      await page.keyboard.press('Escape');
      await page.locator('.editor-instance .monaco-editor').first().click();
      await goToLine(11);
      await palette('Refactor...'); // editor.action.refactor
      listed = await item.waitFor({ timeout: 15000 }).then(() => true, () => false);
      console.log('  (listed through the Refactor… menu)');
    }
    await shot('4-codeaction-menu');
    check('code action menu lists "Add documentation with AI"', listed);
    if (listed) await item.click();
    const applied = await waitActiveText(/Documented by the loopback model/, 60000);
    await shot('5-codeaction-applied');
    check('code action edit applied in the editor', applied.ok, applied.text.slice(0, 300));
    check('the action asked the loopback model', modelRequests().length > before, modelRequests().length);

    // a command that edits a file: Chat appends the model's answer to notes.codeloop.md
    await quickOpen('notes.codeloop.md');
    await palette('Codeloop: Chat');
    const chatted = await waitActiveText(/Hello from the loopback model\./, 60000);
    await shot('6-chat');
    check('Codeloop: Chat appended the answer to the chat file', chatted.ok, chatted.text.slice(0, 300));

    // the status bar item opens doctor: a Markdown document, not escaped JSON
    await status.click();
    const doctorRow = page.locator('.quick-input-list .monaco-list-row:has-text("Doctor")').first();
    const menu = await doctorRow.waitFor({ timeout: 15000 }).then(() => true, () => false);
    check('status bar click offers Doctor', menu);
    if (menu) await doctorRow.click();
    const doctor = await waitActiveText(/#\s*Codeloop model doctor/, 60000);
    await shot('7-doctor');
    check('doctor opens as Markdown (not {"report": ...})', doctor.ok && !doctor.text.includes('"report"'), doctor.text.slice(0, 300));
  } catch (e) {
    await shot('error');
    check('no exception', false, String(e).slice(0, 300));
  }
  await browser.close();
  console.log(`${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
})();
