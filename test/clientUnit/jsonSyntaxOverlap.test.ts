// A JSON syntax problem is listed once: in an open `json` document ours is dropped where VS Code's
// JSON service reports the same error; duplicate keys, an empty file and the nesting limit stay
// ours; in `jsonc` comments and trailing commas stay ours (VS Code ignores or only warns there);
// closed files, other languages, validation off and other sources are never touched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core';
import { MemoryHost } from '../support/memoryHost';
import { reportedByJsonService, withoutJsonServiceDuplicates, type ShownDiagnostic } from '../../client/src/jsonSyntaxOverlap';

/** Our syntax diagnostics as the language server publishes them (the core's finalized check). */
function ours(text: string): ShownDiagnostic[] {
  const file = '/repo/.alloy/requests/r.json';
  const workspace = new AlloyWorkspace(new MemoryHost({ [file]: text }), ['/repo']);
  return workspace
    .check(file)
    .diagnostics.filter((d) => d.code === 'syntax')
    .map((d) => ({ source: 'alloy', code: d.code, message: d.message }));
}

const open = (languageId: string) => ({ languageId, jsonValidation: true });

test('the core messages the filter relies on are the ones it sees', () => {
  assert.deepEqual(
    ours('{"a": 1,}').map((d) => d.message),
    ['Trailing comma'],
  );
  assert.deepEqual(
    ours('{"a": 1, "a": 2}').map((d) => d.message),
    ['Duplicate key "a": JSON data must have unique keys'],
  );
  assert.deepEqual(
    ours('{"a": 1 // note\n}').map((d) => d.message),
    ['Comments are not allowed in JSON'],
  );
  assert.equal(ours('{"a": 1 "b": 2}')[0].message, 'Comma expected');
});

test("json: a trailing comma, a comment and other parse errors are VS Code's; a duplicate key stays ours", () => {
  const all = [...ours('{"a": 1,}'), ...ours('{"a": 1 // c\n}'), ...ours('{"a": 1 "b": 2}'), ...ours('{"a": 1, "a": 2}')];
  assert.deepEqual(
    withoutJsonServiceDuplicates(all, open('json')).map((d) => d.message),
    ['Duplicate key "a": JSON data must have unique keys'],
  );
});

test('jsonc: comments and trailing commas stay ours (VS Code ignores comments and only warns on commas)', () => {
  const all = [...ours('{"a": 1,}'), ...ours('{"a": 1 // c\n}'), ...ours('{"a": 1 "b": 2}')];
  assert.deepEqual(
    withoutJsonServiceDuplicates(all, open('jsonc')).map((d) => d.message),
    ['Trailing comma', 'Comments are not allowed in JSON'],
  );
});

test('empty file and nesting messages stay ours', () => {
  assert.equal(reportedByJsonService({ source: 'alloy', code: 'syntax', message: 'The file is empty' }, open('json')), false);
  const deep = ours('['.repeat(200) + ']'.repeat(200));
  assert.match(deep[0].message, /^Nesting deeper than 128 levels/);
  assert.equal(reportedByJsonService(deep[0], open('json')), false);
});

test('nothing is dropped for a closed file, a YAML file, validation off, another code or another source', () => {
  const comma = ours('{"a": 1,}')[0];
  assert.equal(reportedByJsonService(comma, { languageId: undefined, jsonValidation: true }), false);
  assert.equal(reportedByJsonService(comma, { languageId: 'yaml', jsonValidation: true }), false);
  assert.equal(reportedByJsonService(comma, { languageId: 'json', jsonValidation: false }), false);
  assert.equal(reportedByJsonService({ ...comma, code: 'schema' }, open('json')), false);
  assert.equal(reportedByJsonService({ ...comma, source: 'json' }, open('json')), false);
  assert.equal(reportedByJsonService({ ...comma, code: { value: 'syntax' } }, open('json')), true);
});
