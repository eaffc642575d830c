// renderReportsPage as a string: the exact content security policy, nonces, the embedded state
// (inert and lossless), the server-rendered view of every section, and escaping: no value ever
// becomes markup or an attribute other than fixed ones.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestStateName as LibraryStateName } from '../../server/src/reports';
import { jsonForScriptElement } from '../../client/src/reports/embeddedJson';
import { escapeHtml } from '../../client/src/reports/escapeHtml';
import { MAX_ROWS } from '../../client/src/reports/htmlParts';
import { EMPTY_STATE_TEXT, renderReportsBody } from '../../client/src/reports/reportsBody';
import { nonceFrom, renderReportsPage, reportsContentSecurityPolicy } from '../../client/src/reports/reportsHtml';
import { STATE_ELEMENT_ID } from '../../client/src/reports/reportsPageProtocol';
import { REQUEST_STATES, type ReportsPageState, type RequestStateName } from '../../client/src/reports/reportsPageState';
import { MAX_SHOWN_CHARS, shownText, visibleText } from '../../client/src/reports/shownText';
import { BRIEF_DIGEST, OTHER_DIGEST, PAYMENT_ID, sampleRunResult, sampleState } from './reportsFixtures';

const NONCE = 'q1w2e3r4t5y6u7i8o9p0AZ==';
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const ASSETS = { nonce: NONCE, cspSource: CSP_SOURCE, scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/reportsView.js' };
const EXPECTED_CSP =
  "default-src 'none'; img-src https://*.vscode-cdn.net; style-src https://*.vscode-cdn.net 'nonce-q1w2e3r4t5y6u7i8o9p0AZ=='; " +
  "script-src 'nonce-q1w2e3r4t5y6u7i8o9p0AZ=='; base-uri 'none'; form-action 'none';";

// Compile-time: the page's state names are exactly the reports library's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameNames: Same<RequestStateName, LibraryStateName> = true;

function bodyOf(html: string): string {
  return html.slice(html.indexOf('<div id="app">'), html.indexOf(`<script type="application/json"`));
}

function embeddedOf(html: string): string {
  const start = html.indexOf(`<script type="application/json" id="${STATE_ELEMENT_ID}">`);
  const open = html.indexOf('>', start) + 1;
  return html.slice(open, html.indexOf('</script>', open));
}

/** Text of the markup with tags removed and the five entities decoded (enough for our own output). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

test('the state names match the reports library', () => {
  assert.equal(sameNames, true);
  assert.equal(REQUEST_STATES.length, 11);
});

test('the content security policy is exactly the documented string, and is the first thing after the charset', () => {
  assert.equal(reportsContentSecurityPolicy(NONCE, CSP_SOURCE), EXPECTED_CSP);
  const html = renderReportsPage(sampleState(), ASSETS);
  const lines = html.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(EXPECTED_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
  ]);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|http:|\bdata:/);
  assert.equal(html.match(/Content-Security-Policy/g)?.length, 1);
});

test('scripts and styles: one inert JSON block, one script and one style, both under the nonce', () => {
  const html = renderReportsPage(sampleState(), ASSETS);
  const scripts = html.match(/<script[^>]*>/g);
  assert.deepEqual(scripts, [
    `<script type="application/json" id="${STATE_ELEMENT_ID}">`,
    `<script nonce="${NONCE}" src="${ASSETS.scriptUri}">`,
  ]);
  assert.deepEqual(html.match(/<style[^>]*>/g), [`<style nonce="${NONCE}">`]);
  assert.doesNotMatch(html, /<link/);
  const linked = renderReportsPage(sampleState(), { ...ASSETS, styleUri: 'https://x.vscode-cdn.net/a"b.css' });
  assert.deepEqual(linked.match(/<link[^>]*>/g), ['<link rel="stylesheet" href="https://x.vscode-cdn.net/a&quot;b.css">']);
  assert.doesNotMatch(linked, /<style/);
});

test('bad nonces and sources are refused with the reason', () => {
  const bad: [string, string, RegExp][] = [
    ['short', CSP_SOURCE, /nonce must be at least 128 bits/],
    ["q1w2e3r4t5y6u7i8o9p0AZ' 'unsafe-inline", CSP_SOURCE, /nonce must be/],
    [NONCE, "https://a; script-src 'unsafe-inline'", /is not a content security policy source/],
    [NONCE, '', /is not a content security policy source/],
    [NONCE, 'https://a b', /is not a content security policy source/],
    [NONCE, "'self' 'unsafe-inline'", /is not a content security policy source/],
    [NONCE, "'self' *", /is not a content security policy source/],
  ];
  for (const [nonce, cspSource, message] of bad) {
    assert.throws(() => renderReportsPage(sampleState(), { ...ASSETS, nonce, cspSource }), message);
  }
  assert.throws(() => nonceFrom(new Uint8Array(15)), /at least 16 random bytes/);
  const nonce = nonceFrom(new Uint8Array(16).fill(255));
  assert.equal(nonce, '/////////////////////w==');
  assert.equal(reportsContentSecurityPolicy(nonce, CSP_SOURCE).includes(`'nonce-${nonce}'`), true);
  // What a remote window (code-server) gives: two source expressions, one a quoted keyword.
  assert.equal(
    reportsContentSecurityPolicy(nonce, "'self' https://*.vscode-cdn.net"),
    `default-src 'none'; img-src 'self' https://*.vscode-cdn.net; style-src 'self' https://*.vscode-cdn.net 'nonce-${nonce}'; ` +
      `script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none';`,
  );
});

test('a state the page cannot render is refused with what is wrong', () => {
  const broken = { seq: 1, requests: [{ requestId: 'runreq_A', state: 'exploded' }] } as unknown as ReportsPageState;
  assert.throws(() => renderReportsPage(broken, ASSETS), /^Error: reports page: request 1 has an unknown state "exploded"$/);
});

test('the embedded state has no <, >, &, U+2028 or U+2029 and parses back to exactly the state', () => {
  const hostile = '</script><script>alert(1)</script><!-- & \u2028\u2029 \ud800 \u0000 \u202e';
  const state = sampleState(7);
  state.requests[0].answer = hostile;
  state.notices = [hostile];
  const html = renderReportsPage(state, ASSETS);
  const embedded = embeddedOf(html);
  assert.doesNotMatch(embedded, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(embedded), state);
  assert.equal(jsonForScriptElement({ a: '</script>' }), '{"a":"\\u003c/script\\u003e"}');
  assert.equal(jsonForScriptElement('\u2028&'), '"\\u2028\\u0026"');
  assert.throws(() => jsonForScriptElement(undefined), /has no JSON form/);
  // The document has exactly two </script> end tags: the JSON block's and the page script's.
  assert.equal(html.match(/<\/script>/g)?.length, 2);
});

test('the server-rendered view: list, status, brief and digest, evidence, gates, summary, trace, errors, raw button', () => {
  const body = textOf(bodyOf(renderReportsPage(sampleState(), ASSETS)));
  for (const expected of [
    'Alloy Reports',
    'Requests (3)',
    'runreq_01HZ_CHECKOUT_REFUND',
    '◷ pending (recorded, not sent yet)',
    '✗ failed',
    `Request ${PAYMENT_ID}`,
    'Request state✓ completed',
    'Run status⚠ completed with findings',
    'submitted 2026-06-06 14:05:01 UTC · key sha256:7833fa03… · answer: 202 accepted',
    'Revisions (before → after)abc123 → def456',
    'Foundry retries1',
    '✓ matches what was submitted',
    "✓ matches the brief's current digest",
    '2 required: 0 missing, 0 failing, 1 not reported; 1 capability at risk.',
    'evidence.checkout.declined-card-recovery? not reported',
    'alloy.capability.replace-payment-providerhighThe payment provider can be replaced without touching checkout screens.⚠ at risk',
    'Observations the brief did not ask for',
    'evidence.checkout.timeouts◐ partially satisfied',
    'Gates (1 passed, 1 failed, 1 skipped)',
    'vendor_sdk_import_boundaryverify✗ failedStripe SDK imported in CheckoutLive.',
    'credopreflight○ skipped',
    'mix testverify✓ passed',
    'Capabilities at risk (1)alloy.capability.replace-payment-provider',
    'Trace URItrace://foundry_run_01HZ_CHECKOUT_PAYMENT',
    'Blocks skipped by throttle (1)Commit and Push',
    'Errors (3)',
    'execution (2)Gate vendor_sdk_import_boundary failed after retry.Gate mix test was slow.safety (1)',
    'Show raw JSON',
  ]) {
    assert.ok(body.includes(expected), `missing: ${expected}`);
  }
  assert.doesNotMatch(body, /not valid against the run-result schema/);
});

test('the run digest is flagged when it differs from the submitted digest and from the brief now', () => {
  const run = { ...sampleRunResult(), brief_digest: OTHER_DIGEST };
  const body = textOf(renderReportsBody(sampleState(1, run), { expanded: [] }));
  assert.ok(
    body.includes(`Digest the run used${OTHER_DIGEST} ⚠ differs from what was submitted ⚠ differs from the brief's current digest`),
  );
  assert.ok(body.includes(`Digest submitted${BRIEF_DIGEST}`));

  const briefChanged = sampleState(1);
  briefChanged.selected!.brief!.currentDigest = OTHER_DIGEST;
  const text = textOf(renderReportsBody(briefChanged, { expanded: [] }));
  assert.ok(text.includes(`✓ matches what was submitted ⚠ differs from the brief's current digest`));
  assert.ok(text.includes(`Digest of the brief now${OTHER_DIGEST}`));
});

test('an invalid report shows the banner with every problem, and what it says as received', () => {
  const state = sampleState(1, { ...sampleRunResult(), status: 'exploded', gates: 'none' });
  state.selected!.report!.problems = [
    {
      message: '"status" must be one of completed, completed_with_findings, failed, rejected, cancelled.',
      severity: 'error',
      code: 'schema',
      line: 8,
    },
    { message: '"gates" must be an array.', severity: 'error', code: 'schema', line: 12 },
    { message: 'The report was sent as completed, but its run status is "exploded".', severity: 'warning', code: 'phase-status-mismatch' },
  ];
  const body = textOf(renderReportsBody(state, { expanded: [] }));
  assert.ok(
    body.includes(
      '⚠ This report is not valid against the run-result schema' +
        'error — line 8: "status" must be one of completed, completed_with_findings, failed, rejected, cancelled. (schema)' +
        'error — line 12: "gates" must be an array. (schema)' +
        'warning — The report was sent as completed, but its run status is "exploded". (phase-status-mismatch)',
    ),
  );
  assert.ok(body.includes('Run status? unrecognised status "exploded"'));
  assert.ok(body.includes('No gates were reported.'));
  const warningsOnly = sampleState(1);
  warningsOnly.selected!.report!.problems = [{ message: 'Something odd.', severity: 'warning' }];
  assert.ok(textOf(renderReportsBody(warningsOnly, { expanded: [] })).includes('⚠ This report has warningswarning — Something odd.'));
});

test('reports that are not JSON or not objects, and requests without a report, still render', () => {
  const notJson = sampleState(1);
  delete notJson.selected!.report!.runResult;
  notJson.selected!.report!.problems = [{ message: 'Unexpected token at 1:1.', severity: 'error', code: 'syntax', line: 1 }];
  assert.ok(textOf(renderReportsBody(notJson, { expanded: [] })).includes('The report is not JSON, so nothing of it can be shown here'));
  assert.ok(textOf(renderReportsBody(sampleState(1, [1, 2]), { expanded: [] })).includes('The report is JSON but not an object: [1,2]'));
  const noReport = sampleState(1);
  delete noReport.selected!.report;
  const text = textOf(renderReportsBody(noReport, { expanded: [] }));
  assert.ok(text.includes('No report has arrived for this request yet.'));
  assert.ok(text.includes('2 required: 0 missing, 0 failing, 2 not reported; 0 capabilities at risk.'));
  assert.doesNotMatch(text, /Show raw JSON/);
  const loading = sampleState(1);
  loading.selectedId = 'runreq_01HZ_CHECKOUT_REFUND';
  assert.ok(textOf(renderReportsBody(loading, { expanded: [] })).includes('Loading the report of this request…'));
});

test('the empty state and the no-selection state', () => {
  const empty = textOf(renderReportsBody({ seq: 0, requests: [] }, { expanded: [] }));
  assert.ok(empty.includes(EMPTY_STATE_TEXT));
  assert.equal(EMPTY_STATE_TEXT, 'No submissions yet — run Alloy: Submit Request');
  const none = sampleState(1);
  delete none.selectedId;
  delete none.selected;
  assert.ok(textOf(renderReportsBody(none, { expanded: [] })).includes('No request selected'));
});

test('every request state is given in words; the selected row alone has aria-current', () => {
  const state: ReportsPageState = {
    seq: 1,
    requests: REQUEST_STATES.map((s, i) => ({ requestId: `runreq_${i}`, state: s })),
    selectedId: 'runreq_4',
  };
  const html = renderReportsBody(state, { expanded: [] });
  const words = [...html.matchAll(/<span class="row-state">(.*?)<\/span><\/span>/g)].map((m) => textOf(m[1]).trim());
  assert.deepEqual(words, [
    '◷ pending (recorded, not sent yet)',
    '↗ sent (no answer yet)',
    '✓ accepted by Foundry',
    '▶ started',
    '✓ completed',
    '✗ failed',
    '↺ already submitted',
    '✗ rejected',
    '✗ given up',
    '⊘ cancelled',
    '? outcome unknown — check Foundry',
  ]);
  assert.deepEqual(html.match(/<button[^>]*aria-current[^>]*>/g), [
    '<button type="button" class="request-row" data-action="select" data-index="4" aria-current="true">',
  ]);
});

const ATTRIBUTES = new Set([
  'id',
  'class',
  'type',
  'data-action',
  'data-index',
  'data-section',
  'aria-current',
  'aria-hidden',
  'aria-labelledby',
  'scope',
]);

test('hostile values stay text: every tag and attribute in the body is one of the template', () => {
  const payload = `"><img src=x onerror=alert(1)><svg onload=alert(2)> javascript:alert(3) ' & </main>`;
  const state = sampleState(
    1,
    JSON.parse(JSON.stringify(sampleRunResult()).replace(/"(?:abc123|def456|foundry|verify|credo)"/g, JSON.stringify(payload))),
  );
  state.requests[0].file = payload;
  state.selected!.brief!.requiredEvidence.push(payload);
  const body = bodyOf(renderReportsPage(state, ASSETS));
  let tags = 0;
  for (const match of body.matchAll(/<\/?([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g)) {
    tags++;
    for (const attribute of match[2].matchAll(/([a-z-]+)="([^"]*)"/g)) {
      assert.ok(ATTRIBUTES.has(attribute[1]), `attribute ${attribute[1]}`);
      if (attribute[1] === 'data-index') assert.match(attribute[2], /^\d+$/);
    }
  }
  assert.equal(body.split('<').length - 1, tags, 'every < in the body opens a template tag');
  assert.doesNotMatch(body, /<(img|svg|iframe|a|script|style|link|form|input)\b/);
  assert.ok(textOf(body).includes(payload));
});

test('long values are cut with a count, invisible characters are named, NUL is U+FFFD', () => {
  const long = 'x'.repeat(1_000_000);
  const state = sampleState(1);
  state.requests[0].requestId = long;
  state.selectedId = long;
  state.selected!.requestId = long;
  const html = renderReportsPage(state, ASSETS);
  assert.ok(bodyOf(html).length < 60_000, `body is ${bodyOf(html).length} characters`);
  assert.ok(
    textOf(bodyOf(html)).includes(
      `${'x'.repeat(MAX_SHOWN_CHARS)}… ${(1_000_000 - MAX_SHOWN_CHARS).toLocaleString('en-US')} more characters (see the raw JSON)`,
    ),
  );
  assert.equal(visibleText('a\u202Eb\u200Bc\u0000d\u0007e\tf\ng\ud800h'), 'a[U+202E]b[U+200B]c\uFFFDd[U+0007]e\tf\ng\uFFFDh');
  assert.equal(shownText('😀'.repeat(3), 3), '😀<span class="cut">… 4 more characters (see the raw JSON)</span>');
  assert.equal(escapeHtml(`<a href="x" title='y'>&\u0000</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\uFFFD&lt;/a&gt;');
});

test('long lists show the first rows and a "Show all" button; expanded, all rows and a button to cut them again', () => {
  const run = sampleRunResult();
  run.gates = Array.from({ length: MAX_ROWS + 50 }, (_, i) => ({ name: `gate ${i}`, phase: 'verify', status: 'passed' }));
  const state = sampleState(1, run);
  const cut = renderReportsBody(state, { expanded: [] });
  assert.equal(cut.match(/<th scope="row">gate \d+<\/th>/g)?.length, MAX_ROWS);
  assert.ok(
    cut.includes(
      `Showing the first ${MAX_ROWS} of 250 gates. <button type="button" class="secondary" data-action="expand" data-section="gates">Show all 250 gates</button>`,
    ),
  );
  const all = renderReportsBody(state, { expanded: ['gates'] });
  assert.equal(all.match(/<th scope="row">gate \d+<\/th>/g)?.length, 250);
  assert.ok(all.includes(`data-action="collapse" data-section="gates">Show the first ${MAX_ROWS} only</button>`));
});
