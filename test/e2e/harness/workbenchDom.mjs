// What the in-host suites ask of the workbench page, answered with Playwright: the hover widget,
// error squiggles, CodeLens, the references peek, the code action menu, notifications, where the keyboard focus is, and the reports panel's
// DOM inside its webview (frame locators: the outer `iframe.webview` of our extension, then its
// `#active-frame`). Screenshots for the README are written only when ALLOY_E2E_SCREENSHOTS=1.

import fs from 'node:fs';
import path from 'node:path';

const POLL_MS = 150;

/** Polls `probe` until it returns something other than undefined; fails after `ms` saying what was seen last. */
async function until(what, probe, ms = 15000) {
  const deadline = Date.now() + ms;
  let seen;
  for (;;) {
    const result = await probe((s) => (seen = s));
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${seen === undefined ? '' : `; saw: ${seen}`}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The texts of the visible elements of `locator`. Each read is bounded: `all()` gives nth-locators,
 * and when the list shrinks in between (a notification removed) an unbounded read would wait out
 * Playwright's 30 s default for an element that is gone.
 */
async function visibleTexts(locator) {
  const texts = [];
  for (const item of await locator.all()) {
    if (await item.isVisible().catch(() => false)) texts.push((await item.innerText({ timeout: 1000 }).catch(() => '')).trim());
  }
  return texts;
}

/** The reports panel's document: the webview iframe of alloy.alloy-vscode, then the frame it loads. */
function reportsFrame(page) {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=alloy.alloy-vscode"]').first().frameLocator('#active-frame');
}

/** The first words of a frame's page, for failure messages. */
async function pageText(frame) {
  const text = await frame
    .locator('body')
    .innerText({ timeout: 2000 })
    .catch((error) => `(no page: ${error.message.split('\n')[0]})`);
  return JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 400));
}

/**
 * The handlers, keyed by ask kind. `intake` is the dev intake's handle (for the gates the panel must
 * show), `screenshotsDir` where README screenshots go when they are wanted (else undefined).
 */
export function workbenchDomHandlers({ page, intake, screenshotsDir, log }) {
  const shot = async (name) => {
    if (!name || !screenshotsDir) return undefined;
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad screenshot name ${JSON.stringify(name)}`);
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${name}.png`);
    await page.screenshot({ path: file, timeout: 15000 });
    log(`screenshot ${path.relative(process.cwd(), file)}`);
    return file;
  };

  return {
    // `contains` must all show; `prefer` (the diagnostic's own line, which the hover shows once the
    // editor has the marker at that position) is waited for a little longer, for the screenshot only.
    'dom:hover': async ({ contains = [], prefer = [], screenshot }) => {
      const read = async () => (await visibleTexts(page.locator('.monaco-hover'))).join('\n');
      let text = await until(`a hover widget showing ${JSON.stringify(contains)}`, async (saw) => {
        const all = await read();
        saw(JSON.stringify(all.slice(0, 300)));
        return all !== '' && contains.every((c) => all.includes(c)) ? all : undefined;
      });
      const preferred = await until(
        'the preferred hover text',
        async () => {
          const all = await read();
          return prefer.every((c) => all.includes(c)) ? all : undefined;
        },
        3000,
      ).catch(() => undefined);
      if (preferred) text = preferred;
      return { text: text.slice(0, 200), withPreferred: Boolean(preferred), screenshot: await shot(screenshot) };
    },

    'dom:squiggles': async ({ expect }) => {
      const squiggles = page.locator('.editor-group-container.active .monaco-editor .squiggly-error');
      const count = await until(`${expect === 'none' ? 'no' : 'some'} error squiggles in the active editor`, async (saw) => {
        const n = await squiggles.count();
        saw(`${n}`);
        return (expect === 'none' ? n === 0 : n > 0) ? n : undefined;
      });
      return { count };
    },

    'dom:codelens': async ({ contains, screenshot }) => {
      const text = await until(`a CodeLens reading "${contains}"`, async (saw) => {
        const texts = await visibleTexts(page.locator('.editor-group-container.active .codelens-decoration'));
        saw(JSON.stringify(texts));
        return texts.find((t) => t.includes(contains));
      });
      return { text, screenshot: await shot(screenshot) };
    },

    // The references peek (editor.action.showReferences): every string of `contains` in its text.
    'dom:peek': async ({ contains = [] }) => {
      const text = await until(`a references peek showing ${JSON.stringify(contains)}`, async (saw) => {
        const all = (await visibleTexts(page.locator('.peekview-widget'))).join('\n');
        saw(JSON.stringify(all.slice(0, 300)));
        return all !== '' && contains.every((c) => all.includes(c)) ? all : undefined;
      });
      return { text: text.replace(/\s+/g, ' ').slice(0, 200) };
    },

    // The code action menu (editor.action.sourceAction / quickFix): its rows, each with its text, its
    // title attribute and whether it is greyed out (disabled). Closed with Escape once read.
    'dom:action-menu': async ({ contains }) => {
      const rows = await until(`a code action menu with a row "${contains}"`, async (saw) => {
        const found = [];
        for (const row of await page.locator('.action-widget .monaco-list-row').all()) {
          if (!(await row.isVisible().catch(() => false))) continue;
          found.push({
            text: (await row.innerText({ timeout: 1000 }).catch(() => '')).trim(),
            title: (await row.getAttribute('title', { timeout: 1000 }).catch(() => null)) ?? '',
            disabled: ((await row.getAttribute('class', { timeout: 1000 }).catch(() => '')) ?? '').includes('option-disabled'),
          });
        }
        saw(JSON.stringify(found));
        return found.some((r) => r.text.includes(contains) || r.title.includes(contains)) ? found : undefined;
      });
      await page.keyboard.press('Escape');
      return { rows };
    },

    // In smoke-test-driver mode the workbench shows no toasts: notifications are only in the
    // Notification Center, which the suite opens (notifications.showList) before asking.
    'dom:notification': async ({ pattern }) => {
      const wanted = new RegExp(pattern);
      const text = await until(`a notification matching /${pattern}/`, async (saw) => {
        const texts = await visibleTexts(page.locator('.notification-list-item-message'));
        saw(JSON.stringify(texts));
        return texts.find((t) => wanted.test(t));
      });
      return { text };
    },

    'dom:focus-in-editor': async ({ file }) => {
      const focus = await page.evaluate(() => {
        const active = document.activeElement;
        const editor = active && active.closest('.monaco-editor');
        const group = active && active.closest('.editor-group-container');
        const tab = group && group.querySelector('.tab.active');
        return {
          element: active ? `${active.tagName.toLowerCase()}.${String(active.className).split(' ').join('.')}` : 'none',
          inEditor: Boolean(editor),
          inWebview: Boolean(active && active.closest('.webview')),
          tab: tab ? tab.textContent.trim() : undefined,
        };
      });
      if (!focus.inEditor) throw new Error(`the keyboard focus is not in a text editor: ${JSON.stringify(focus)}`);
      if (file && !(focus.tab || '').includes(file)) throw new Error(`the focused editor is not ${file}: ${JSON.stringify(focus)}`);
      return focus;
    },

    'dom:reports-panel': async ({ requestId, state, key, screenshot }) => {
      const frame = reportsFrame(page);
      const row = frame.locator('.request-row', { has: frame.locator('.row-id', { hasText: requestId }) });
      const words = await until(
        `the panel's row for ${requestId} in state "${state}"`,
        async (saw) => {
          const rows = await frame
            .locator('.request-row')
            .allInnerTexts()
            .catch(() => []);
          const shownRows = JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').slice(0, 120)));
          saw(rows.length > 0 ? `rows ${shownRows}` : `no rows; the panel reads: ${await pageText(frame)}`);
          if ((await row.count().catch(() => 0)) === 0) return undefined;
          const shown = await row
            .first()
            .locator('.row-state .words')
            .innerText()
            .catch(() => '');
          return shown.trim() === state ? shown.trim() : undefined;
        },
        20000,
      );
      let gates = [];
      if (key) {
        const result = intake.resultFor(key);
        if (!result) throw new Error(`the intake has no run result for ${key}`);
        const wanted = result.gates.map((g) => g.name);
        const cells = frame.locator('section[aria-labelledby="sec-gates"] table tbody tr th');
        gates = await until(`the gates table to list ${JSON.stringify(wanted)}`, async (saw) => {
          const names = (await cells.allInnerTexts().catch(() => [])).map((t) => t.trim());
          saw(`${JSON.stringify(names)}; the panel reads: ${await pageText(frame)}`);
          return names.length > 0 && JSON.stringify(names) === JSON.stringify(wanted.slice(0, names.length)) ? names : undefined;
        });
        const runStatus = await frame.locator('section[aria-labelledby="sec-status"]').innerText();
        if (!/Run status\s*✓?\s*completed/.test(runStatus))
          throw new Error(`the status section does not say the run completed: ${runStatus.slice(0, 300)}`);
      }
      const summary = `panel row "${requestId}: ${words}"${gates.length ? `, gates ${JSON.stringify(gates)}` : ''}`;
      return { summary, screenshot: await shot(screenshot) };
    },

    screenshot: async ({ name }) => ({ screenshot: (await shot(name)) ?? 'not wanted (ALLOY_E2E_SCREENSHOTS is not 1)' }),
  };
}

/** The dev intake's answers: runs of a key, and the POST attempts it saw (all, or of one key). */
export function intakeHandlers(intake) {
  return {
    'intake:runs': ({ key }) => intake.runsFor(key),
    'intake:attempts': ({ key }) => intake.attempts().filter((a) => key === undefined || a.key === key),
  };
}
