// Hostile payloads in every string field of the run result, the request list, the brief and the
// notices, in headless Chromium: as live `state` messages (the page's innerHTML render and a
// click), and in served documents (the browser's parse of the extension's HTML and the page
// script's first render, for the payloads aimed at the parser, all of them joined in one document,
// and the 1 MB one): nothing runs, nothing is fetched, no element or attribute appears that the
// template does not make, and each value is shown as the text it is. (Every payload's served
// document is also checked without a browser, in reportsHostileHtml.test.ts.)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_SHOWN_CHARS, visibleText } from '../../client/src/reports/shownText';
import { DOCUMENT_BREAKERS, HOSTILE_PAYLOADS, hostileState, LONG_PAYLOAD_INDEX } from './hostilePayloads';
import { openReportsPage, pageHtml, sendToPage, startReportsBrowser, type ReportsBrowser, type ReportsPage } from './reportsBrowser';
import { sampleState } from './reportsFixtures';

let at: ReportsBrowser;
let opened: ReportsPage;
before(async () => {
  at = await startReportsBrowser();
  opened = await openReportsPage(at, pageHtml(at, sampleState(1)));
});
after(async () => {
  await opened?.close();
  await at?.close();
});

const TAGS = [
  'html', 'head', 'meta', 'title', 'style', 'body', 'script', 'div', 'header', 'h1', 'h2', 'h3', 'h4', 'nav', 'ul', 'li', 'button',
  'span', 'main', 'section', 'p', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'time',
]; // prettier-ignore
const ATTRIBUTES = [
  'lang', 'charset', 'http-equiv', 'content', 'name', 'nonce', 'src', 'type', 'id', 'class', 'role', 'aria-live', 'aria-atomic',
  'aria-current', 'aria-hidden', 'aria-labelledby', 'data-action', 'data-index', 'data-section', 'scope',
]; // prettier-ignore

/** Everything in the page the template would not make, or that a payload did, as findings (empty when clean). */
const DOM_FINDINGS = `(() => {
  const tags = new Set(${JSON.stringify(TAGS)});
  const attributes = new Set(${JSON.stringify(ATTRIBUTES)});
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    if (!tags.has(e.localName)) found.push('element <' + e.localName + '>');
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) found.push('handler ' + a.name + ' on <' + e.localName + '>');
      else if (!attributes.has(a.name)) found.push('attribute ' + a.name + ' on <' + e.localName + '>');
      if (/^[\\s\\u0000-\\u001f]*(javascript|data|vbscript):/i.test(a.value)) found.push('URL in ' + a.name);
    }
  }
  const count = (s) => document.querySelectorAll(s).length;
  if (count('script') !== 2) found.push(count('script') + ' scripts');
  if (count('style') !== 1) found.push(count('style') + ' styles');
  if (count('meta') !== 3) found.push(count('meta') + ' metas');
  if (count('[src]') !== 1 || !document.querySelector('script[src]')) found.push('src outside the page script');
  for (const b of document.querySelectorAll('[data-index]')) if (!/^\\d+$/.test(b.dataset.index)) found.push('data-index ' + b.dataset.index);
  if (window.__pwned !== undefined) found.push('__pwned = ' + window.__pwned);
  if (window.__csp.length) found.push('CSP violations: ' + window.__csp.join(', '));
  if (window.__errors.length) found.push('errors: ' + window.__errors.join(', '));
  if ({}.polluted !== undefined || Object.prototype.polluted !== undefined) found.push('Object.prototype polluted');
  if (window.__acquired !== 1) found.push('acquireVsCodeApi called ' + window.__acquired + ' times');
  return found;
})()`;

async function assertClean(where: string): Promise<void> {
  assert.deepEqual(await opened.page.evaluate<string[]>(DOM_FINDINGS), [], where);
  assert.deepEqual(opened.foreignRequests, [], `${where}: fetched`);
  assert.deepEqual(opened.dialogs, [], `${where}: dialogs`);
  assert.deepEqual(opened.console, [], `${where}: console`);
  assert.deepEqual(opened.pageErrors, [], `${where}: page errors`);
}

/** The shown request ids and trace id are exactly the payload as text (cut, invisible characters named). */
async function assertShownAsText(payload: string, where: string): Promise<void> {
  const shown = visibleText(payload.slice(0, MAX_SHOWN_CHARS));
  const ids = await opened.page.evaluate<string[]>(
    `[...document.querySelectorAll('.row-id')].map((e) => e.firstChild ? e.firstChild.textContent : '')`,
  );
  assert.deepEqual(ids, [shown, shown, shown], `${where}: request ids`);
  const trace = await opened.page.evaluate<string>(
    `document.querySelector('section[aria-labelledby="sec-trace"] dd code')?.firstChild?.textContent ?? ''`,
  );
  assert.equal(trace, shown, `${where}: trace id`);
  if (payload.length > MAX_SHOWN_CHARS) {
    assert.ok((await opened.page.locator('.row-id .cut').first().textContent())?.includes('more characters (see the raw JSON)'), where);
  }
}

/**
 * Posts the page's own embedded state back to it as a `state` message with a higher seq and the
 * third row selected (built in the page, so that a 100 MB state does not cross the DevTools protocol).
 */
const REPOST = `(() => {
  const state = JSON.parse(document.getElementById('alloy-reports-state').textContent);
  state.selectedId = state.requests[2].requestId;
  window.postMessage({ type: 'state', seq: state.seq + 1, state }, '*');
  return new Promise((resolve) => setTimeout(resolve, 0));
})()`;
const CLICK_SECOND_ROW = `document.querySelectorAll('.request-row')[1].click()`;

function label(index: number): string {
  return `payload ${index}: ${JSON.stringify(HOSTILE_PAYLOADS[index].slice(0, 60))}`;
}

test(`${HOSTILE_PAYLOADS.length - 1} payloads, each in every string field of a live update (and a click): nothing runs or is fetched`, async () => {
  assert.ok(HOSTILE_PAYLOADS.length - 1 >= 50);
  await opened.navigate(pageHtml(at, sampleState(1)));
  let seq = 1;
  for (const [index, payload] of HOSTILE_PAYLOADS.entries()) {
    if (index === LONG_PAYLOAD_INDEX) continue;
    await sendToPage(opened.page, { type: 'state', seq: ++seq, state: hostileState(payload, seq) });
    await assertClean(`${label(index)}, state message`);
    await assertShownAsText(payload, label(index));
    await opened.page.evaluate(CLICK_SECOND_ROW);
    await assertClean(`${label(index)}, after a click`);
  }
  assert.equal(await opened.page.evaluate('window.__posted.filter((m) => m.type === "select").length'), HOSTILE_PAYLOADS.length - 1);
});

test(`the ${DOCUMENT_BREAKERS.length} payloads aimed at the parser, each in its own served document: the same`, async () => {
  assert.ok(DOCUMENT_BREAKERS.length >= 10, `${DOCUMENT_BREAKERS.length} document breakers`);
  for (const index of DOCUMENT_BREAKERS) {
    const payload = HOSTILE_PAYLOADS[index];
    await opened.navigate(pageHtml(at, hostileState(payload, 1)));
    await assertClean(`${label(index)}, served document`);
    await assertShownAsText(payload, label(index));
  }
});

test('all payloads joined, in every string field of one served document, then posted back and clicked: the same', async () => {
  const joined = HOSTILE_PAYLOADS.filter((_, i) => i !== LONG_PAYLOAD_INDEX).join(' | ');
  await opened.navigate(pageHtml(at, hostileState(joined, 1)));
  await assertClean('joined payloads, served document');
  await assertShownAsText(joined, 'joined payloads');
  await opened.page.evaluate(REPOST);
  await opened.page.evaluate(CLICK_SECOND_ROW);
  await assertClean('joined payloads, posted back and clicked');
});

test('a 1 MB string of <img onerror> in every string field (about 110 MB of state): the same, and it is shown cut', async () => {
  const payload = HOSTILE_PAYLOADS[LONG_PAYLOAD_INDEX];
  assert.ok(payload.length > 1_000_000);
  await opened.navigate(pageHtml(at, hostileState(payload, 1)));
  await assertClean('1 MB payload, served document');
  await assertShownAsText(payload, '1 MB payload');
  await opened.page.evaluate(CLICK_SECOND_ROW);
  await assertClean('1 MB payload, after a click');
});
