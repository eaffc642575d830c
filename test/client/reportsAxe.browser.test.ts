// axe-core over the reports page in VS Code's dark, light and both high-contrast themes (their
// `--vscode-*` variables and body classes set as VS Code sets them): no serious or critical
// violation, with every section on screen (a schema banner, notices, flags, long lists, the live
// region) and in the empty state.

import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { MAX_ROWS } from '../../client/src/reports/htmlParts';
import type { ReportsPageState } from '../../client/src/reports/reportsPageState';
import { openReportsPage, pageHtml, startReportsBrowser, type ReportsBrowser, type ReportsPage } from './reportsBrowser';
import { OTHER_DIGEST, sampleRunResult, sampleState } from './reportsFixtures';
import { THEMES, type TestTheme } from './vscodeThemes';

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

/** A state that shows everything: a banner, notices, notes, digest flags, a selected row, and maybe a cut list. */
function everythingState(longList: boolean): ReportsPageState {
  const run: Record<string, unknown> = { ...sampleRunResult(), brief_digest: OTHER_DIGEST };
  if (longList) {
    run.gates = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({
      name: `gate ${i}`,
      phase: 'verify',
      status: i % 3 ? 'passed' : 'failed',
    }));
  }
  const state = sampleState(1, run);
  state.notices = ['The ledger is at ~/.local/state/alloy/ledger.jsonl.'];
  state.selected!.notes = ['The ledger records this submission as rejected, but Foundry reported completed.'];
  state.selected!.report!.problems = [{ message: '"status" must be one of …', severity: 'error', code: 'schema', line: 8 }];
  return state;
}

async function applyTheme(page: Page, theme: TestTheme): Promise<void> {
  await page.evaluate(
    ({ variables, bodyClass }) => {
      const dom = globalThis as unknown as {
        document: { documentElement: { style: { setProperty(name: string, value: string): void } }; body: { className: string } };
      };
      for (const [name, value] of Object.entries(variables)) dom.document.documentElement.style.setProperty(name, value);
      dom.document.body.className = bodyClass;
    },
    { variables: theme.variables, bodyClass: theme.bodyClass },
  );
}

/** `#rrggbb` as the browser writes a computed colour. */
function rgbOf(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Rows past the fifth of a long gates table are the same markup as the first five: left out for speed.
  const results = await new AxeBuilder({ page }).exclude('section[aria-labelledby="sec-gates"] tbody tr:nth-child(n+6)').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [index, theme] of THEMES.entries()) {
  // The long list (and its "Show all" button) in the first theme only: its rows are the same markup as the short list's.
  const longList = index === 0;
  test(`axe: no serious or critical violation in the ${theme.name} theme${longList ? ', with a cut list' : ''}`, async () => {
    await opened.navigate(pageHtml(at, everythingState(longList)));
    await applyTheme(opened.page, theme);
    // The live region holds an announcement, and a row has focus, as after a report arrives.
    await opened.page.locator('.request-row').nth(0).focus();
    assert.deepEqual(await seriousViolations(opened.page), []);
    // The page takes its colours from the theme's variables.
    const background = await opened.page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, rgbOf(theme.variables['--vscode-editor-background']));
    assert.deepEqual(await opened.page.evaluate('window.__csp'), [], 'setting the theme breaks no policy');
  });
}

test('axe: the empty state in the dark theme', async () => {
  await opened.navigate(pageHtml(at, { seq: 1, requests: [] }));
  await applyTheme(opened.page, THEMES[0]);
  assert.ok((await opened.page.locator('main').innerText()).includes('No submissions yet — run Alloy: Submit Request'));
  assert.deepEqual(await seriousViolations(opened.page), []);
});

test('axe does catch an unreadable theme (the check above can fail)', async () => {
  await opened.navigate(pageHtml(at, everythingState(false)));
  await applyTheme(opened.page, {
    ...THEMES[0],
    variables: { ...THEMES[0].variables, '--vscode-editor-foreground': '#2a2a2a', '--vscode-foreground': '#2a2a2a' },
  });
  const violations = await seriousViolations(opened.page);
  assert.ok(
    violations.some((v) => v.startsWith('color-contrast (serious)')),
    violations.join('\n'),
  );
});
