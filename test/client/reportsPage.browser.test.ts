// The reports page in headless Chromium with the real bundled script: the policy as the browser
// sees it, no request beyond the page and its script, content before the script runs, stale states
// ignored, snapshot on becoming visible, select / raw messages, saved and restored selection,
// keyboard and focus, the live region, long lists. Ends with the 5 MB figure (not an assertion).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { MAX_ROWS } from '../../client/src/reports/htmlParts';
import { renderReportsPage } from '../../client/src/reports/reportsHtml';
import { openReportsPage, pageHtml, posted, sendToPage, startReportsBrowser, testNonce, type ReportsBrowser } from './reportsBrowser';
import { largeRunResult, PAYMENT_ID, REFUND_ID, RETRY_ID, sampleRunResult, sampleState } from './reportsFixtures';

let at: ReportsBrowser;
before(async () => {
  at = await startReportsBrowser();
});
after(async () => {
  await at?.close();
});

function text(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().innerText();
}

/** What has focus: `select:<row index>`, `raw`, `expand:<section>`… or the tag name. */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(
    `(() => { const e = document.activeElement; if (!e || !e.dataset || !e.dataset.action) return e ? e.tagName : 'none';
      return e.dataset.action + (e.dataset.index !== undefined ? ':' + e.dataset.index : '') + (e.dataset.section ? ':' + e.dataset.section : ''); })()`,
  );
}

test('the browser sees the exact policy, one nonce’d script, and nothing is fetched but the page and its script', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    const nonce = testNonce();
    const csp = await page.evaluate<string[]>(`[...document.querySelectorAll('meta[http-equiv]')].map((m) => m.getAttribute('content'))`);
    assert.deepEqual(csp, [
      `default-src 'none'; img-src ${at.server.origin}; style-src ${at.server.origin} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none';`,
    ]);
    const scripts = await page.evaluate<[string, string, string][]>(`[...document.scripts].map((s) => [s.type, s.nonce, s.src])`);
    assert.deepEqual(scripts, [
      ['application/json', '', ''],
      ['', nonce, at.server.scriptUrl],
    ]);
    assert.deepEqual(opened.requests, [opened.url, at.server.scriptUrl]);
    assert.deepEqual(await page.evaluate('window.__csp'), []);
    assert.deepEqual(await page.evaluate('window.__errors'), []);
    assert.equal(await page.evaluate('window.__acquired'), 1);
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.deepEqual([opened.console, opened.pageErrors, opened.dialogs], [[], [], []]);
    // An inline script without the nonce is refused by the policy (the policy is live, not decoration).
    await page.evaluate(
      `(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); })()`,
    );
    assert.equal(await page.evaluate('window.__inline'), undefined);
    assert.equal(((await page.evaluate('window.__csp')) as string[])[0], 'script-src-elem inline');
  } finally {
    await opened.close();
  }
});

test('the page shows the same content before its script runs as after', async () => {
  const html = pageHtml(at, sampleState(1));
  const off = await openReportsPage(at, html, { javaScriptEnabled: false });
  const on = await openReportsPage(at, html);
  try {
    const withoutScript = await text(off.page, '#app');
    assert.ok(withoutScript.includes('runreq_01HZ_CHECKOUT_REFUND'));
    assert.ok(withoutScript.includes('Show raw JSON'));
    assert.equal(await text(on.page, '#app'), withoutScript);
    assert.deepEqual(off.requests, [off.url]);
  } finally {
    await off.close();
    await on.close();
  }
});

test('stale states are ignored: seq 5 then seq 3 shows seq 5', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    const five = sampleState(5);
    five.requests[0].answer = 'answer of seq five';
    const three = sampleState(3);
    three.requests[0].answer = 'answer of seq three';
    await sendToPage(page, { type: 'state', seq: 5, state: five });
    await sendToPage(page, { type: 'state', seq: 3, state: three });
    await sendToPage(page, { type: 'state', seq: 5, state: three });
    const row = await text(page, '.request-row');
    assert.ok(row.includes('answer of seq five'), row);
    assert.ok(!(await text(page, '#app')).includes('answer of seq three'));
    // A broken state is not applied and says so.
    await sendToPage(page, { type: 'state', seq: 6, state: { requests: 'oops' } });
    assert.ok((await text(page, '.notices')).includes('An update from the extension could not be shown: the state has no requests list.'));
    assert.ok((await text(page, '.request-row')).includes('answer of seq five'));
  } finally {
    await opened.close();
  }
});

test('becoming visible again posts snapshot; becoming hidden posts nothing', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    const flip = (state: string) =>
      page.evaluate(`(() => { Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true });
        document.dispatchEvent(new Event('visibilitychange')); })()`);
    await flip('hidden');
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await flip('visible');
    await flip('hidden');
    await flip('visible');
    assert.deepEqual(await posted(page), [{ type: 'ready' }, { type: 'snapshot' }, { type: 'snapshot' }]);
  } finally {
    await opened.close();
  }
});

test('clicking a row posts select, marks it current at once, saves it; the details replace "Loading" with focus kept', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    await page.locator('.request-row').nth(1).click();
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'select', requestId: REFUND_ID }]);
    assert.deepEqual(await page.evaluate(`[...document.querySelectorAll('[aria-current]')].map((e) => e.dataset.index)`), ['1']);
    assert.ok((await text(page, 'main')).includes('Loading the report of this request…'));
    assert.deepEqual(await page.evaluate('window.__saved'), { selectedId: REFUND_ID, expanded: [] });
    assert.equal(await focused(page), 'select:1');

    const next = sampleState(2);
    next.selectedId = REFUND_ID;
    next.selected = { requestId: REFUND_ID, submittedDigest: next.selected!.submittedDigest, brief: next.selected!.brief };
    await sendToPage(page, { type: 'state', seq: 2, state: next });
    const main = await text(page, 'main');
    assert.ok(main.includes(`Request ${REFUND_ID}`));
    assert.ok(main.includes('No report has arrived for this request yet.'));
    assert.equal(await focused(page), 'select:1');

    await page.locator('.request-row').nth(0).click();
    await sendToPage(page, { type: 'state', seq: 3, state: sampleState(3) });
    await page.getByRole('button', { name: 'Show raw JSON' }).click();
    assert.deepEqual((await posted(page)).slice(-2), [
      { type: 'select', requestId: PAYMENT_ID },
      { type: 'openRaw', requestId: PAYMENT_ID },
    ]);
    assert.equal(await focused(page), 'raw');
  } finally {
    await opened.close();
  }
});

test('a saved selection is restored after a reload and asked for', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)), { saved: { selectedId: RETRY_ID, expanded: [] } });
  try {
    const { page } = opened;
    assert.deepEqual(await posted(page), [{ type: 'ready' }, { type: 'select', requestId: RETRY_ID }]);
    assert.deepEqual(await page.evaluate(`[...document.querySelectorAll('[aria-current]')].map((e) => e.dataset.index)`), ['2']);
  } finally {
    await opened.close();
  }
});

test('keyboard: Tab reaches every row and the raw-JSON button; Enter and Space select; focus stays on the row', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
    }
    assert.deepEqual(stops, ['select:0', 'select:1', 'select:2', 'raw']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 'select:1');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'select:1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.equal(await focused(page), 'select:2');
    assert.deepEqual((await posted(page)).slice(1), [
      { type: 'select', requestId: REFUND_ID },
      { type: 'select', requestId: RETRY_ID },
    ]);
    // A re-render from the extension keeps focus on the same request, even when the rows move.
    const moved = sampleState(2);
    moved.requests.reverse();
    moved.selectedId = RETRY_ID;
    await sendToPage(page, { type: 'state', seq: 2, state: moved });
    assert.equal(await focused(page), 'select:0');
    assert.ok((await page.evaluate<string>('document.activeElement.innerText')).startsWith(RETRY_ID));
    // The focus ring is visible (an outline of the theme's focus colour, not none).
    assert.notEqual(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle'), 'none');
  } finally {
    await opened.close();
  }
});

test('a new report is announced in the polite live region', async () => {
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
  try {
    const { page } = opened;
    assert.deepEqual(
      await page.evaluate(
        `(() => { const a = document.getElementById('announcer'); return [a.getAttribute('aria-live'), a.getAttribute('role'), a.textContent]; })()`,
      ),
      ['polite', 'status', ''],
    );
    const next = sampleState(2);
    next.requests[1] = { ...next.requests[1], state: 'completed', reportedAt: '2026-06-06T15:10:00.000Z' };
    await sendToPage(page, { type: 'state', seq: 2, state: next });
    assert.equal(await page.locator('#announcer').textContent(), `Report completed for ${REFUND_ID}.`);
  } finally {
    await opened.close();
  }
});

test('long lists: "Show all" shows every gate, keeps focus on the section button, and is saved', async () => {
  const run = sampleRunResult();
  run.gates = Array.from({ length: MAX_ROWS + 50 }, (_, i) => ({
    name: `gate ${i}`,
    phase: 'verify',
    status: i === 240 ? 'failed' : 'passed',
  }));
  const opened = await openReportsPage(at, pageHtml(at, sampleState(1, run)));
  try {
    const { page } = opened;
    const gateRows = `document.querySelectorAll('section[aria-labelledby="sec-gates"] tbody tr').length`;
    assert.equal(await page.evaluate(gateRows), MAX_ROWS);
    await page.getByRole('button', { name: 'Show all 250 gates' }).click();
    assert.equal(await page.evaluate(gateRows), 250);
    assert.equal(await focused(page), 'collapse:gates');
    assert.deepEqual(await page.evaluate('window.__saved'), { selectedId: PAYMENT_ID, expanded: ['gates'] });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(gateRows), MAX_ROWS);
    assert.equal(await focused(page), 'expand:gates');
  } finally {
    await opened.close();
  }
});

test('[figure] a 5 MB run result: renderReportsPage and the first paint', async () => {
  const run = largeRunResult(5 * 1024 * 1024);
  const state = sampleState(1, run);
  const bytes = JSON.stringify(run).length;
  const started = performance.now();
  const html = renderReportsPage(state, { nonce: testNonce(), cspSource: at.server.origin, scriptUri: at.server.scriptUrl });
  const renderMs = performance.now() - started;
  const loadStarted = performance.now();
  const opened = await openReportsPage(at, html);
  const readyMs = performance.now() - loadStarted;
  try {
    const { page } = opened;
    const timing = await page.evaluate<Record<string, number>>(`(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { responseStart: n.responseStart, responseEnd: n.responseEnd, interactive: n.domInteractive, loaded: n.loadEventEnd,
        paint: paint ? paint.startTime : -1 };
    })()`);
    const gates = (run.gates as unknown[]).length;
    const interact = performance.now();
    await page.locator('.request-row').nth(1).click();
    await page.locator('main', { hasText: 'Loading the report of this request…' }).waitFor();
    const selectMs = performance.now() - interact;
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(
      `[figure] 5 MB run result (${(bytes / 1048576).toFixed(2)} MiB of JSON, ${gates} gates, ${gates} observations): ` +
        `renderReportsPage ${ms(renderMs)} → ${(html.length / 1048576).toFixed(2)} MiB of HTML; in the page, from the first byte: ` +
        `first contentful paint ${ms(timing.paint - timing.responseStart)}, DOM interactive ${ms(timing.interactive - timing.responseStart)}, ` +
        `load done (script parsed the state and re-rendered) ${ms(timing.loaded - timing.responseStart)} ` +
        `(of which receiving the page from the loopback server ${ms(timing.responseEnd - timing.responseStart)}); ` +
        `whole open in the test ${ms(readyMs)}; click → re-render ${ms(selectMs)}`,
    );
    const paint = timing.paint;
    assert.ok(paint > 0, 'the page painted');
  } finally {
    await opened.close();
  }
});
