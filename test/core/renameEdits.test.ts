// Core unit tests of the rename edits (issue 15 item 3): renaming a brief's id rewrites the brief's
// id and own digest and, in every request naming it, brief.id, brief.digest and the key (digests
// and keys computed independently here); the refusals and their codes; and the local_path edits
// that follow a moved brief file or folder. Every result is applied and the workspace checked again.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { briefIdAt, briefRenameEdits, checkNewBriefId } from '../../server/src/core/editing/renameEdits';
import { localPathEdits, type FileMove } from '../../server/src/core/editing/localPathEdits';
import { applyEdits, type FileEdit } from '../../server/src/core/editing/textEdit';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { MemoryHost } from '../support/memoryHost';
import {
  BRIEF_DIGEST,
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  ROOT,
  briefDataOf,
  expectedBriefDigest,
  expectedKey,
  memoryWorkspace,
  requestJson,
  requestValue,
} from './fixtures';

const NEW_ID = 'brief_checkout_card';
const NEW_BRIEF_YAML = BRIEF_YAML.replace('id: brief_checkout_payment\n', `id: ${NEW_ID}\n`).replace(/^digest: .*$/m, 'digest: DIGEST');
const NEW_DIGEST = expectedBriefDigest(briefDataOf(NEW_BRIEF_YAML.replace(/^digest: DIGEST\n/m, '')));
const NEW_KEY = expectedKey(requestValue(), NEW_DIGEST);
const OTHER_REQUEST = '/repo/.alloy/requests/other.yaml';

/** A YAML request naming the brief: single-quoted digest, a double-quoted key, comments. */
function yamlRequest(digest = BRIEF_DIGEST, id = 'brief_checkout_payment'): string {
  const v = requestValue(digest);
  return [
    '# A YAML request, with comments that must survive',
    `schema_version: ${v.schema_version}`,
    `request_id: ${v.request_id}`,
    `idempotency_key: "${expectedKey(v, digest)}"   # the key`,
    `project_id: ${v.project_id}`,
    `requested_by: ${v.requested_by}`,
    'repo:',
    `  path: ${v.repo.path}`,
    `  revision: ${v.repo.revision}`,
    `  branch: ${v.repo.branch}`,
    'brief:',
    `  id: ${id}  # which brief`,
    '  version: 3',
    `  digest: '${digest}'`,
    `  local_path: "${v.brief.local_path}"`,
    'foundry:',
    `  entry_event: ${v.foundry.entry_event}`,
    `  throttle: ${v.foundry.throttle}`,
    '  payload:',
    '    max_iterations: 3',
    '    strategic: true',
    'reporting:',
    `  callback_url: ${v.reporting!.callback_url as string}`,
    '',
  ].join('\n');
}

/** The files after the edits, each file's edits applied to its text. */
function applied(files: Record<string, string>, edits: FileEdit[]): Record<string, string> {
  const out = { ...files };
  for (const file of new Set(edits.map((e) => e.file))) {
    out[file] = applyEdits(
      files[file],
      edits.filter((e) => e.file === file),
    );
  }
  return out;
}

/** Every file's diagnostics as `code@line` strings (empty when the workspace checks clean). */
function allDiagnostics(files: Record<string, string>, roots = [ROOT]): Record<string, string[]> {
  const workspace = new AlloyWorkspace(new MemoryHost(files, roots), roots);
  const out: Record<string, string[]> = {};
  for (const file of Object.keys(files).sort()) {
    out[file] = workspace.check(file).diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
  }
  return out;
}

function clean(files: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((f) => [f, []]),
  );
}

function offsetOf(text: string, needle: string, delta = 1): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found`);
  return at + delta;
}

describe('where a rename starts (briefIdAt)', () => {
  test("on the brief's id value: the id's text, in the brief", () => {
    const { workspace } = memoryWorkspace();
    const at = offsetOf(BRIEF_YAML, 'brief_checkout_payment', 3);
    const target = briefIdAt(workspace, BRIEF_PATH, at);
    const start = BRIEF_YAML.indexOf('brief_checkout_payment');
    assert.deepEqual(target, {
      ok: true,
      value: { file: BRIEF_PATH, span: { offset: start, length: 22 }, briefFile: BRIEF_PATH, id: 'brief_checkout_payment' },
    });
  });

  test("on a JSON request's brief.id value: the text inside the quotes, and the brief it names", () => {
    const { workspace } = memoryWorkspace();
    const start = REQUEST_JSON.indexOf('"brief_checkout_payment"') + 1;
    const target = briefIdAt(workspace, REQUEST_PATH, start + 22); // the end of the value counts
    assert.deepEqual(target, {
      ok: true,
      value: { file: REQUEST_PATH, span: { offset: start, length: 22 }, briefFile: BRIEF_PATH, id: 'brief_checkout_payment' },
    });
  });

  test('elsewhere in a brief or a request: rename-not-on-brief-id; in another file: no answer', () => {
    const { workspace, host } = memoryWorkspace();
    const onVersion = briefIdAt(workspace, BRIEF_PATH, offsetOf(BRIEF_YAML, 'version: 3', 9));
    assert.equal(onVersion?.ok === false && onVersion.refusal.code, 'rename-not-on-brief-id');
    const onKey = briefIdAt(workspace, BRIEF_PATH, offsetOf(BRIEF_YAML, '\nid:', 1));
    assert.equal(onKey?.ok === false && onKey.refusal.code, 'rename-not-on-brief-id');
    const onRequestId = briefIdAt(workspace, REQUEST_PATH, offsetOf(REQUEST_JSON, 'runreq_', 2));
    assert.equal(onRequestId?.ok === false && onRequestId.refusal.code, 'rename-not-on-brief-id');
    host.write('/repo/package.json', '{"name": "brief_x"}');
    assert.equal(briefIdAt(workspace, '/repo/package.json', 12), undefined);
  });

  test("a request whose brief.id is not its brief's id: rename-id-mismatch, naming both", () => {
    const text = requestJson({ ...requestValue(), brief: { ...requestValue().brief, id: 'brief_other' } });
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: text });
    const target = briefIdAt(workspace, REQUEST_PATH, offsetOf(text, 'brief_other', 2));
    assert.ok(target && !target.ok);
    assert.equal(target.refusal.code, 'rename-id-mismatch');
    assert.equal(
      target.refusal.message,
      'This request\'s brief.id "brief_other" is not the id of the brief it names (.alloy/briefs/checkout.yaml has "brief_checkout_payment"); fix the mismatch first.',
    );
  });

  test('a request whose brief is missing: rename-brief-not-found', () => {
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: REQUEST_JSON });
    const target = briefIdAt(workspace, REQUEST_PATH, offsetOf(REQUEST_JSON, '"brief_checkout_payment"', 3));
    assert.ok(target && !target.ok);
    assert.equal(target.refusal.code, 'rename-brief-not-found');
    assert.match(target.refusal.message, /brief\.local_path "\.alloy\/briefs\/checkout\.yaml" does not lead to a brief/);
  });

  test('a brief with errors (from the brief or from a request): rename-brief-has-errors, naming the first', () => {
    const broken = BRIEF_YAML.replace('version: 3', 'version: zero');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: broken, [REQUEST_PATH]: REQUEST_JSON });
    const fromBrief = briefIdAt(workspace, BRIEF_PATH, offsetOf(broken, 'brief_checkout_payment', 1));
    assert.ok(fromBrief && !fromBrief.ok);
    assert.equal(fromBrief.refusal.code, 'rename-brief-has-errors');
    assert.match(
      fromBrief.refusal.message,
      /^The brief \.alloy\/briefs\/checkout\.yaml has 1 error \(the first, schema at line 4: .*\); fix it first/,
    );
    const fromRequest = briefIdAt(workspace, REQUEST_PATH, offsetOf(REQUEST_JSON, '"brief_checkout_payment"', 3));
    assert.equal(fromRequest?.ok === false && fromRequest.refusal.code, 'rename-brief-has-errors');
  });
});

describe('the new id (checkNewBriefId)', () => {
  test("must match the schema's pattern and differ from the old one", () => {
    for (const bad of ['brief-x', 'Brief_x', 'brief_', 'brief_a b', 'x_brief_a', '']) {
      assert.equal(checkNewBriefId('brief_a', bad)?.code, 'rename-invalid-id', bad);
    }
    assert.equal(
      checkNewBriefId('brief_a', 'brief-x')?.message,
      '"brief-x" is not a brief id: it must be brief_ followed by letters, digits or _ (pattern ^brief_[0-9A-Za-z_]+$).',
    );
    assert.equal(checkNewBriefId('brief_a', 'brief_a')?.code, 'rename-same-id');
    assert.equal(checkNewBriefId('brief_a', 'brief_01HZ_B'), undefined);
  });
});

describe('renaming a brief id (briefRenameEdits)', () => {
  const files = () => ({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: REQUEST_JSON, [OTHER_REQUEST]: yamlRequest() });

  function renamed(input: Record<string, string>, newId = NEW_ID, candidates = Object.keys(input)) {
    const { workspace } = memoryWorkspace(input);
    const target = briefIdAt(workspace, BRIEF_PATH, offsetOf(input[BRIEF_PATH], 'brief_checkout_payment'));
    assert.ok(target?.ok, JSON.stringify(target));
    return briefRenameEdits(workspace, target.value, newId, candidates);
  }

  test("rewrites the brief's id and own digest, and each request's id, digest and key: exactly those values", () => {
    const input = files();
    const result = renamed(input);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.rewritten, [OTHER_REQUEST, REQUEST_PATH]);
    assert.deepEqual(result.value.leftAlone, []);
    const out = applied(input, result.value.edits);
    assert.equal(out[BRIEF_PATH], NEW_BRIEF_YAML.replace('digest: DIGEST', `digest: ${NEW_DIGEST}`));
    const expectedJson = REQUEST_JSON.replace('"brief_checkout_payment"', `"${NEW_ID}"`)
      .replace(`"${BRIEF_DIGEST}"`, `"${NEW_DIGEST}"`)
      .replace(`"${expectedKey(requestValue())}"`, `"${NEW_KEY}"`);
    assert.equal(out[REQUEST_PATH], expectedJson);
    // YAML: quoting and comments kept; plain stays plain.
    assert.equal(
      out[OTHER_REQUEST],
      yamlRequest()
        .replace(`  id: brief_checkout_payment  # which brief`, `  id: ${NEW_ID}  # which brief`)
        .replace(`'${BRIEF_DIGEST}'`, `'${NEW_DIGEST}'`)
        .replace(`"${expectedKey(requestValue())}"   # the key`, `"${NEW_KEY}"   # the key`),
    );
    assert.deepEqual(allDiagnostics(out), clean(out));
  });

  test('the same edits from a request, and only the requests passed or already indexed are looked at', () => {
    const input = files();
    const { workspace } = memoryWorkspace(input);
    const target = briefIdAt(workspace, REQUEST_PATH, offsetOf(REQUEST_JSON, '"brief_checkout_payment"', 3));
    assert.ok(target?.ok);
    const onlyOne = briefRenameEdits(workspace, target.value, NEW_ID, [REQUEST_PATH]);
    assert.ok(onlyOne.ok);
    assert.deepEqual(onlyOne.value.rewritten, [REQUEST_PATH]);
    workspace.check(OTHER_REQUEST); // now in the brief → requests index
    const both = briefRenameEdits(workspace, target.value, NEW_ID, [REQUEST_PATH]);
    assert.ok(both.ok);
    assert.deepEqual(both.value.rewritten, [OTHER_REQUEST, REQUEST_PATH]);
  });

  test('a brief without its own digest gets only its id rewritten', () => {
    const noDigest = BRIEF_YAML.replace(/^digest: .*\n/m, '');
    const input = { ...files(), [BRIEF_PATH]: noDigest };
    const result = renamed(input);
    assert.ok(result.ok);
    const out = applied(input, result.value.edits);
    assert.equal(out[BRIEF_PATH], noDigest.replace('id: brief_checkout_payment\n', `id: ${NEW_ID}\n`));
    assert.match(out[REQUEST_PATH], new RegExp(`"digest": "${NEW_DIGEST}"`));
    assert.deepEqual(allDiagnostics(out), clean(out));
  });

  test('a request that already disagreed keeps its value (and its key), and is reported', () => {
    const stale = `sha256:${'1'.repeat(64)}`;
    const input = { ...files(), [OTHER_REQUEST]: yamlRequest(stale) };
    const result = renamed(input);
    assert.ok(result.ok);
    const out = applied(input, result.value.edits);
    assert.equal(out[OTHER_REQUEST], yamlRequest(stale).replace('id: brief_checkout_payment ', `id: ${NEW_ID} `));
    assert.deepEqual(result.value.leftAlone, [
      {
        file: OTHER_REQUEST,
        reason: ".alloy/requests/other.yaml: its brief.digest was not the brief's digest, so it is left as it was",
      },
    ]);
    assert.deepEqual(allDiagnostics(out)[OTHER_REQUEST], ['digest-mismatch@13']);
  });

  test('a YAML anchor on brief.digest that the payload aliases: the key is computed from the payload as it will read', () => {
    const anchored = yamlRequest()
      .replace(`  digest: '${BRIEF_DIGEST}'`, `  digest: &d '${BRIEF_DIGEST}'`)
      .replace('    strategic: true\n', '    strategic: true\n    pin: *d\n');
    const pinned = (digest: string) => ({
      ...requestValue(digest),
      foundry: { ...requestValue().foundry, payload: { max_iterations: 3, strategic: true, pin: digest } },
    });
    const input = { ...files(), [OTHER_REQUEST]: anchored.replace(expectedKey(requestValue()), expectedKey(pinned(BRIEF_DIGEST))) };
    const result = renamed(input);
    assert.ok(result.ok, JSON.stringify(result));
    const out = applied(input, result.value.edits);
    assert.equal(
      out[OTHER_REQUEST],
      input[OTHER_REQUEST].replace('id: brief_checkout_payment ', `id: ${NEW_ID} `)
        .replace(`&d '${BRIEF_DIGEST}'`, `&d '${NEW_DIGEST}'`)
        .replace(expectedKey(pinned(BRIEF_DIGEST)), expectedKey(pinned(NEW_DIGEST))),
    );
    // The pinned payload differs from the brief's (a warning before and after), nothing else.
    assert.deepEqual(allDiagnostics(out)[OTHER_REQUEST], ['brief-runtime-differs@18']);
  });

  test('a key that was already wrong is left wrong (the rename fixes nothing it did not break)', () => {
    const wrongKey = `sha256:${'2'.repeat(64)}`;
    const input = { ...files(), [OTHER_REQUEST]: yamlRequest().replace(expectedKey(requestValue()), wrongKey) };
    const result = renamed(input);
    assert.ok(result.ok);
    const out = applied(input, result.value.edits);
    assert.match(out[OTHER_REQUEST], new RegExp(`idempotency_key: "${wrongKey}"`));
    assert.match(out[OTHER_REQUEST], new RegExp(`digest: '${NEW_DIGEST}'`));
    assert.deepEqual(allDiagnostics(out)[OTHER_REQUEST], ['idempotency-key-mismatch@3']);
  });

  test('a request naming another brief, or naming this id by another path, is not touched', () => {
    const otherBrief = '/repo/.alloy/briefs/other.yaml';
    const elsewhere = yamlRequest().replace('.alloy/briefs/checkout.yaml', '.alloy/briefs/other.yaml');
    const input = { ...files(), [otherBrief]: BRIEF_YAML.replace('brief_checkout_payment', 'brief_other'), [OTHER_REQUEST]: elsewhere };
    const result = renamed(input);
    assert.ok(result.ok);
    assert.deepEqual([...new Set(result.value.edits.map((e) => e.file))].sort(), [BRIEF_PATH, REQUEST_PATH]);
  });

  test('refusals: an invalid or unchanged id, an id another brief has, a value inside an alias to a collection', () => {
    assert.deepEqual(renamed(files(), 'brief-card'), {
      ok: false,
      refusal: {
        code: 'rename-invalid-id',
        message: '"brief-card" is not a brief id: it must be brief_ followed by letters, digits or _ (pattern ^brief_[0-9A-Za-z_]+$).',
      },
    });
    const same = renamed(files(), 'brief_checkout_payment');
    assert.equal(!same.ok && same.refusal.code, 'rename-same-id');

    const taken = { ...files(), '/repo/.alloy/briefs/card.yaml': BRIEF_YAML.replace('brief_checkout_payment', NEW_ID) };
    assert.deepEqual(renamed(taken), {
      ok: false,
      refusal: { code: 'rename-id-taken', message: `Another brief, .alloy/briefs/card.yaml, already has the id "${NEW_ID}".` },
    });

    // brief: *b, anchored inside the payload: brief.id lies inside an alias to a collection.
    const aliased = yamlRequest()
      .replace(/^brief:\n(?: {2}.*\n){4}/m, '')
      .concat('brief: *b\n')
      .replace(
        '  payload:\n',
        `  payload:\n    ref: &b\n      id: brief_checkout_payment\n      version: 3\n      digest: '${BRIEF_DIGEST}'\n      local_path: .alloy/briefs/checkout.yaml\n`,
      );
    const refused = renamed({ ...files(), [OTHER_REQUEST]: aliased });
    assert.equal(!refused.ok && refused.refusal.code, 'rename-value-not-editable');
    assert.match(!refused.ok ? refused.refusal.message : '', /^\.alloy\/requests\/other\.yaml: brief\.id is not a plain string value here/);

    // Both at once, the brief with the new id after that request in the files' order: the id taken wins.
    const both = renamed({ ...files(), [OTHER_REQUEST]: aliased, '/repo/.alloy/requests/zz.yaml': taken['/repo/.alloy/briefs/card.yaml'] });
    assert.deepEqual(both, {
      ok: false,
      refusal: { code: 'rename-id-taken', message: `Another brief, .alloy/requests/zz.yaml, already has the id "${NEW_ID}".` },
    });
  });
});

describe('following a moved brief (localPathEdits)', () => {
  const files = () => ({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: REQUEST_JSON, [OTHER_REQUEST]: yamlRequest() });

  function moved(input: Record<string, string>, moves: FileMove[], roots = [ROOT]) {
    const host = new MemoryHost(input, roots);
    const workspace = new AlloyWorkspace(host, roots);
    return localPathEdits(workspace, moves, Object.keys(input), host, roots);
  }

  /** The files after the edits and the moves (the request keys unchanged where they did not move). */
  function afterMoves(input: Record<string, string>, edits: FileEdit[], moves: FileMove[]): Record<string, string> {
    const edited = applied(input, edits);
    const out: Record<string, string> = {};
    for (const [file, text] of Object.entries(edited)) {
      const move = moves.find((m) => file === m.from || file.startsWith(m.from + '/'));
      out[move ? path.join(move.to, path.relative(move.from, file)) : file] = text;
    }
    return out;
  }

  test('a renamed brief file: each local_path names the new file, quoting kept, the key unchanged (SPEC §5 does not hash it)', () => {
    const input = files();
    const moves = [{ from: BRIEF_PATH, to: '/repo/.alloy/briefs/card.yaml' }];
    const result = moved(input, moves);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.rewritten, [OTHER_REQUEST, REQUEST_PATH]);
    const out = applied(input, result.edits);
    assert.equal(out[REQUEST_PATH], REQUEST_JSON.replace('".alloy/briefs/checkout.yaml"', '".alloy/briefs/card.yaml"'));
    assert.equal(out[OTHER_REQUEST], yamlRequest().replace('".alloy/briefs/checkout.yaml"', '".alloy/briefs/card.yaml"'));
    const final = afterMoves(input, result.edits, moves);
    assert.deepEqual(allDiagnostics(final), clean(final));
  });

  test('a moved folder holding the brief, and a brief moved out of .alloy/', () => {
    const input = files();
    const folder = [{ from: '/repo/.alloy/briefs', to: '/repo/.alloy/formation/briefs' }];
    const result = moved(input, folder);
    assert.deepEqual(
      result.edits.map((e) => e.newText),
      ['".alloy/formation/briefs/checkout.yaml"', '".alloy/formation/briefs/checkout.yaml"'],
    );
    const final = afterMoves(input, result.edits, folder);
    assert.deepEqual(allDiagnostics(final), clean(final));

    const out = [{ from: BRIEF_PATH, to: '/repo/docs/checkout.yaml' }];
    const outResult = moved(input, out);
    assert.deepEqual(
      outResult.edits.map((e) => e.newText),
      ['"docs/checkout.yaml"', '"docs/checkout.yaml"'],
    );
    const outFinal = afterMoves(input, outResult.edits, out);
    assert.deepEqual(allDiagnostics(outFinal), clean(outFinal));
  });

  test('moving the whole repository, or an unrelated file, changes nothing', () => {
    const input = files();
    assert.deepEqual(moved(input, [{ from: ROOT, to: '/moved' }]), { edits: [], rewritten: [], skipped: [] });
    assert.deepEqual(moved(input, [{ from: '/repo/README.json', to: '/repo/README2.json' }]), { edits: [], rewritten: [], skipped: [] });
  });

  test("a request moved within its root changes nothing; moved into another root, the brief's path is from the new root", () => {
    const input = { ...files(), '/repo/sub/.alloy/briefs/checkout.yaml': BRIEF_YAML };
    assert.deepEqual(moved(input, [{ from: REQUEST_PATH, to: '/repo/.alloy/requests/old/run.json' }]), {
      edits: [],
      rewritten: [],
      skipped: [],
    });
    // /repo/sub (it holds .alloy/) becomes the request's root; its brief stays in /repo, outside it.
    const intoSub = moved(input, [{ from: REQUEST_PATH, to: '/repo/sub/.alloy/requests/run.json' }]);
    assert.deepEqual(intoSub.edits, []);
    assert.deepEqual(
      intoSub.skipped.map((s) => [s.file, s.code]),
      [[REQUEST_PATH, 'local-path-outside-root']],
    );
    // The sub-repository's briefs moved up into /repo: its requests cannot name them any more.
    const up = [{ from: '/repo/sub/.alloy/briefs', to: '/repo/.alloy/briefs2' }];
    const subRequest = '/repo/sub/.alloy/requests/run.json';
    const upInput = { ...input, [subRequest]: REQUEST_JSON };
    const upResult = moved(upInput, up);
    assert.deepEqual(upResult.edits, []);
    assert.deepEqual(
      upResult.skipped.map((s) => [s.file, s.code]),
      [[subRequest, 'local-path-outside-root']],
    );
  });

  test('paths that cannot be written are reported with a code: outside the root, not a data file', () => {
    const input = files();
    const outside = moved(input, [{ from: BRIEF_PATH, to: '/elsewhere/checkout.yaml' }]);
    assert.deepEqual(outside.edits, []);
    assert.deepEqual(
      outside.skipped.map((s) => [s.file, s.code]),
      [
        [OTHER_REQUEST, 'local-path-outside-root'],
        [REQUEST_PATH, 'local-path-outside-root'],
      ],
    );
    assert.equal(
      outside.skipped[1].reason,
      ".alloy/requests/run.json: its brief would be at /elsewhere/checkout.yaml, outside the request's repository root /repo; update brief.local_path by hand.",
    );
    const text = moved(input, [{ from: BRIEF_PATH, to: '/repo/.alloy/briefs/checkout.txt' }]);
    assert.deepEqual(
      text.skipped.map((s) => s.code),
      ['local-path-not-data-file', 'local-path-not-data-file'],
    );
  });
});
