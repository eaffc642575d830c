// Pulled reports get the same de-duplication as pushed lists: in an open `json` document our
// trailing-comma error is dropped (VS Code's JSON service shows it), and a report that lost an item
// loses its result id so the next pull is answered in full; "unchanged" reports, closed files and
// reports with nothing to drop pass through untouched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutDuplicatesInReport, withoutDuplicatesInWorkspaceReport } from '../../client/src/pulledDiagnostics';

const trailing = { source: 'alloy', code: 'syntax', message: 'Trailing comma' };
const duplicate = { source: 'alloy', code: 'syntax', message: 'Duplicate key "a": JSON data must have unique keys' };
const stale = { source: 'alloy', code: 'digest-mismatch', message: 'brief.digest is not the brief digest' };
const openJson = { languageId: 'json', jsonValidation: true };
const closed = { languageId: undefined, jsonValidation: true };

test('a full report in an open json document drops what VS Code shows and forgets its result id', () => {
  const report = { kind: 'full', resultId: '7', items: [trailing, duplicate, stale] };
  assert.deepEqual(withoutDuplicatesInReport(report, openJson), { kind: 'full', resultId: undefined, items: [duplicate, stale] });
});

test('nothing to drop, a closed file, or an unchanged report: the report is returned as it came', () => {
  const clean = { kind: 'full', resultId: '8', items: [duplicate, stale] };
  assert.equal(withoutDuplicatesInReport(clean, openJson), clean);
  const closedReport = { kind: 'full', resultId: '9', items: [trailing] };
  assert.equal(withoutDuplicatesInReport(closedReport, closed), closedReport);
  const unchanged = { kind: 'unChanged', resultId: '10' };
  assert.equal(withoutDuplicatesInReport(unchanged, openJson), unchanged);
});

test('a workspace report is filtered file by file, with the facts of each document', () => {
  const a = { uri: 'file:///r/a.json', kind: 'full', resultId: '1', items: [trailing] };
  const b = { uri: 'file:///r/b.json', kind: 'full', resultId: '2', items: [trailing] };
  const factsOf = (uri: string) => (uri.endsWith('a.json') ? openJson : closed);
  assert.deepEqual(withoutDuplicatesInWorkspaceReport([a, b], factsOf), [{ ...a, items: [], resultId: undefined }, b]);
});
