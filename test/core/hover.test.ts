// Hover: schema docs for keys and values, and the computed facts on brief.digest, brief.local_path,
// idempotency_key and a brief's own digest, each on its exact span.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import commonSchema from '../../schemas/common.v1.schema.json';
import briefSchema from '../../schemas/formation_brief.v1.schema.json';
import requestSchema from '../../schemas/foundry_execution_request.v1.schema.json';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { hoverAt } from '../../server/src/core/editing/hoverInfo';
import { cursorOn } from '../support/cursor';
import { sha256Of } from '../support/independentHash';
import { MemoryHost } from '../support/memoryHost';

// ---- an in-memory repository at /repo ------------------------------------------------------

function memoryWorkspace(files: Record<string, string>): AlloyWorkspace {
  return new AlloyWorkspace(new MemoryHost(files), ['/repo']);
}

const BRIEF_FILE = '/repo/.alloy/briefs/checkout.yaml';
const REQUEST_FILE = '/repo/.alloy/requests/run.json';

const briefYaml = (ownDigest: string) => `schema_version: alloy.formation_brief.v1
id: brief_X
version: 2
digest: ${ownDigest}
project_id: checkout-service
created_at: 2026-06-06T10:00:00-04:00
created_by: stacey
status: compiled
mission:
  objective: Keep the *cart* when a card is declined.
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload: { max_iterations: 3 }
`;

// The RFC 8785 form of the brief above without `digest`, written out by hand (keys sorted, no blanks).
const BRIEF_CANONICAL =
  '{"created_at":"2026-06-06T10:00:00-04:00","created_by":"stacey",' +
  '"foundry":{"entry_event":"iteration_requested","payload":{"max_iterations":3},"throttle":"dry_run"},' +
  '"id":"brief_X","mission":{"objective":"Keep the *cart* when a card is declined."},"project_id":"checkout-service",' +
  '"schema_version":"alloy.formation_brief.v1","status":"compiled","version":2}';
const BRIEF_DIGEST = sha256Of(BRIEF_CANONICAL);
const STALE = 'sha256:' + 'e'.repeat(64);

// The seven key inputs of the request below, canonical, written out by hand.
const KEY_CANONICAL =
  `{"brief_digest":"${BRIEF_DIGEST}","entry_event":"iteration_requested","payload":{"max_iterations":3},` +
  '"project_id":"checkout-service","repo_revision":"abc123","requested_by":"stacey","throttle":"dry_run"}';
const KEY = sha256Of(KEY_CANONICAL);

function requestJson(options: { digest?: string; key?: string; localPath?: string } = {}): string {
  return `{
  "schema_version": "alloy.foundry_execution_request.v1",
  "request_id": "runreq_X",
  "idempotency_key": "${options.key ?? KEY}",
  "project_id": "checkout-service",
  "requested_by": "stacey",
  "repo": { "path": "/work/checkout", "revision": "abc123", "branch": "alloy/x" },
  "brief": {
    "id": "brief_X",
    "version": 2,
    "digest": "${options.digest ?? BRIEF_DIGEST}",
    "local_path": "${options.localPath ?? '.alloy/briefs/checkout.yaml'}"
  },
  "foundry": { "entry_event": "iteration_requested", "throttle": "dry_run", "payload": { "max_iterations": 3 } }
}
`;
}

/** The hover `within` characters into the first `needle` of `file`, and where that needle starts. */
function hoverOn(files: Record<string, string>, file: string, needle: string, within = 1) {
  const cursor = cursorOn(files[file], needle, within);
  return { info: hoverAt(memoryWorkspace(files), file, cursor.offset), at: cursor.needleOffset };
}

const throttleDoc = requestSchema.properties.foundry.properties.throttle;
const throttleValues = commonSchema.$defs.throttle;

// ---- schema docs ---------------------------------------------------------------------------

test("hover on a throttle value: title, description, that value's doc and an example, all from the schema", () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, REQUEST_FILE, '"dry_run"', 3);
  assert.deepEqual(info?.span, { offset: at, length: '"dry_run"'.length });
  assert.equal(
    info?.markdown,
    [
      `**${throttleDoc.title}**`,
      throttleDoc.markdownDescription,
      '`"dry_run"`: ' + throttleValues.markdownEnumDescriptions[0],
      'Example: `"dry_run"`',
    ].join('\n\n'),
  );
  assert.ok(info.markdown.includes('mutators are **simulated**'));
  assert.ok(!info.markdown.includes(throttleValues.markdownEnumDescriptions[1]), 'the other value is not described');
});

test('hover on the throttle key lists every value with its doc, and covers the key', () => {
  const files = { [REQUEST_FILE]: requestJson() };
  const { info, at } = hoverOn(files, REQUEST_FILE, '"throttle"');
  assert.deepEqual(info?.span, { offset: at, length: '"throttle"'.length });
  assert.ok(
    info.markdown.includes(
      [
        'Values:',
        '',
        '- `"dry_run"`: ' + throttleValues.markdownEnumDescriptions[0],
        '- `"full"`: ' + throttleValues.markdownEnumDescriptions[1],
      ].join('\n'),
    ),
    info.markdown,
  );
});

test('hover on an object key shows its example as a JSON block', () => {
  const files = { [REQUEST_FILE]: requestJson() };
  const { info } = hoverOn(files, REQUEST_FILE, '"repo"');
  assert.equal(
    info?.markdown,
    [
      `**${requestSchema.properties.repo.title}**`,
      requestSchema.properties.repo.markdownDescription,
      'Example:\n\n```json\n' + JSON.stringify(requestSchema.properties.repo.examples[0], null, 2) + '\n```',
    ].join('\n\n'),
  );
});

test('hover on a YAML enum value shows the value in YAML form with its doc', () => {
  const files = { [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, BRIEF_FILE, 'compiled');
  const status = briefSchema.properties.status;
  assert.deepEqual(info?.span, { offset: at, length: 'compiled'.length });
  assert.equal(
    info.markdown,
    [`**${status.title}**`, status.markdownDescription, '`compiled`: ' + status.markdownEnumDescriptions[3], 'Example: `compiled`'].join(
      '\n\n',
    ),
  );
});

test('no hover between members, or on a property the schema does not define', () => {
  const files = { [REQUEST_FILE]: requestJson().replace('"requested_by"', '"requested_byy"') };
  const text = files[REQUEST_FILE];
  const ws = memoryWorkspace(files);
  assert.equal(hoverAt(ws, REQUEST_FILE, text.indexOf('{') + 1), undefined);
  assert.equal(hoverAt(ws, REQUEST_FILE, text.indexOf('"requested_byy"') + 2), undefined);
});

// ---- brief.digest --------------------------------------------------------------------------

test('hover on brief.digest shows the digest computed from the brief, and that it matches', () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, REQUEST_FILE, `"${BRIEF_DIGEST}"`, 10);
  assert.deepEqual(info?.span, { offset: at, length: BRIEF_DIGEST.length + 2 });
  const digestDoc = requestSchema.properties.brief.properties.digest;
  assert.ok(info.markdown.startsWith(`**${digestDoc.title}**\n\n${digestDoc.markdownDescription}\n\n`), info.markdown);
  assert.ok(info.markdown.endsWith(`\n\n**Digest of the brief:** \`${BRIEF_DIGEST}\` ✓ matches`), info.markdown);
});

test('hover on the brief.digest key shows the same facts over the key', () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, REQUEST_FILE, '"digest"');
  assert.deepEqual(info?.span, { offset: at, length: '"digest"'.length });
  assert.ok(info.markdown.endsWith(`**Digest of the brief:** \`${BRIEF_DIGEST}\` ✓ matches`), info.markdown);
});

test('hover on a wrong brief.digest says what the brief hashes to', () => {
  const files = { [REQUEST_FILE]: requestJson({ digest: STALE }), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info } = hoverOn(files, REQUEST_FILE, STALE);
  assert.ok(info?.markdown.endsWith(`**Digest of the brief:** ✗ differs: the brief hashes to \`${BRIEF_DIGEST}\``), info?.markdown);
});

test('hover on brief.digest says why the digest cannot be computed', () => {
  const missing = { [REQUEST_FILE]: requestJson({ localPath: '.alloy/briefs/missing.yaml' }) };
  assert.ok(
    hoverOn(missing, REQUEST_FILE, BRIEF_DIGEST).info?.markdown.endsWith(
      '**Digest of the brief:** cannot be computed: no brief file at `.alloy/briefs/missing.yaml`.',
    ),
  );

  const host = new MemoryHost({ [REQUEST_FILE]: requestJson({ localPath: '.alloy/briefs/huge.yaml' }) });
  host.failRead('/repo/.alloy/briefs/huge.yaml', { ok: false, problem: 'too-large', size: 9 * 1024 * 1024 });
  const text = host.files.get(REQUEST_FILE)!;
  assert.ok(
    hoverAt(new AlloyWorkspace(host, ['/repo']), REQUEST_FILE, cursorOn(text, BRIEF_DIGEST, 1).offset)?.markdown.endsWith(
      '**Digest of the brief:** cannot be computed: the brief at `.alloy/briefs/huge.yaml` cannot be used: the file is too large (9.0 MiB; the limit is 8 MiB).',
    ),
  );

  const escaping = { [REQUEST_FILE]: requestJson({ localPath: '../outside.yaml' }), '/outside.yaml': briefYaml(BRIEF_DIGEST) };
  assert.ok(
    hoverOn(escaping, REQUEST_FILE, BRIEF_DIGEST).info?.markdown.endsWith(
      '**Digest of the brief:** cannot be computed: "../outside.yaml" leads outside the repository root, so the brief is not read.',
    ),
  );

  const duplicate = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) + 'created_by: someone else\n' };
  assert.ok(
    hoverOn(duplicate, REQUEST_FILE, BRIEF_DIGEST).info?.markdown.endsWith(
      '**Digest of the brief:** cannot be computed: the brief is not JSON data (it does not parse, or it holds duplicate keys or values JSON cannot represent).',
    ),
  );

  const notABrief = { [REQUEST_FILE]: requestJson({ localPath: 'notes.json' }), '/repo/notes.json': '{"a": 1}' };
  assert.ok(
    hoverOn(notABrief, REQUEST_FILE, BRIEF_DIGEST).info?.markdown.endsWith(
      '**Digest of the brief:** cannot be computed: the file at `notes.json` is not a Formation Brief.',
    ),
  );
});

test("the digest hover follows the brief's open editor text", () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const ws = memoryWorkspace(files);
  const edited = briefYaml(BRIEF_DIGEST).replace('version: 2', 'version: 3');
  ws.setOverlay(BRIEF_FILE, edited);
  const editedDigest = sha256Of(BRIEF_CANONICAL.replace('"version":2', '"version":3'));
  const info = hoverAt(ws, REQUEST_FILE, files[REQUEST_FILE].indexOf(BRIEF_DIGEST));
  assert.ok(info?.markdown.endsWith(`✗ differs: the brief hashes to \`${editedDigest}\``), info?.markdown);
});

// ---- brief.local_path ----------------------------------------------------------------------

test("hover on brief.local_path shows the brief's id, version, status, objective and path", () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, REQUEST_FILE, '".alloy/briefs/checkout.yaml"', 5);
  assert.deepEqual(info?.span, { offset: at, length: '".alloy/briefs/checkout.yaml"'.length });
  assert.ok(
    info.markdown.endsWith(
      [
        '**Brief** at `.alloy/briefs/checkout.yaml`',
        '',
        '- id: `brief_X`',
        '- version: `2`',
        '- status: `compiled`',
        '- objective: Keep the \\*cart\\* when a card is declined.',
      ].join('\n'),
    ),
    info.markdown,
  );
});

test('hover on brief.local_path says why the brief cannot be shown', () => {
  const files = { [REQUEST_FILE]: requestJson({ localPath: '/etc/brief.yaml' }) };
  const { info } = hoverOn(files, REQUEST_FILE, '"/etc/brief.yaml"');
  assert.ok(
    info?.markdown.endsWith(
      '**Brief:** cannot be shown: "/etc/brief.yaml" is absolute; brief paths are relative to the repository root, so the brief is not read.',
    ),
    info?.markdown,
  );
});

// ---- idempotency_key -----------------------------------------------------------------------

test('hover on idempotency_key shows the derived key, that it matches, and its seven inputs', () => {
  const files = { [REQUEST_FILE]: requestJson(), [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  const { info, at } = hoverOn(files, REQUEST_FILE, `"${KEY}"`, 3);
  assert.deepEqual(info?.span, { offset: at, length: KEY.length + 2 });
  assert.ok(
    info.markdown.endsWith(
      [
        `**Derived key:** \`${KEY}\` ✓ matches`,
        '',
        'Inputs (hashed as RFC 8785 canonical JSON):',
        '',
        `- \`brief_digest\`: \`"${BRIEF_DIGEST}"\``,
        '- `entry_event`: `"iteration_requested"`',
        '- `payload`: `{"max_iterations":3}`',
        '- `project_id`: `"checkout-service"`',
        '- `repo_revision`: `"abc123"`',
        '- `requested_by`: `"stacey"`',
        '- `throttle`: `"dry_run"`',
      ].join('\n'),
    ),
    info.markdown,
  );
});

test('hover on a wrong idempotency_key says what the request hashes to', () => {
  const files = { [REQUEST_FILE]: requestJson({ key: STALE }) };
  const { info } = hoverOn(files, REQUEST_FILE, STALE);
  assert.ok(info?.markdown.includes(`**Derived key:** ✗ differs: the request hashes to \`${KEY}\`\n`), info?.markdown);
});

test('hover on idempotency_key says why no key can be derived', () => {
  const files = { [REQUEST_FILE]: requestJson().replace('"throttle": "dry_run", ', '') };
  const { info } = hoverOn(files, REQUEST_FILE, KEY);
  assert.ok(
    info?.markdown.endsWith('**Derived key:** cannot be derived: one of its seven inputs is missing or has the wrong type.'),
    info?.markdown,
  );
});

// ---- the brief's own digest ----------------------------------------------------------------

test("hover on a brief's own digest shows its computed digest and whether it matches", () => {
  const stale = { [BRIEF_FILE]: briefYaml(STALE) };
  const { info, at } = hoverOn(stale, BRIEF_FILE, STALE);
  assert.deepEqual(info?.span, { offset: at, length: STALE.length });
  assert.ok(info.markdown.startsWith(`**${briefSchema.properties.digest.title}**\n\n`));
  assert.ok(info.markdown.endsWith(`**Digest of this brief:** ✗ differs: the brief hashes to \`${BRIEF_DIGEST}\``), info.markdown);

  const fresh = { [BRIEF_FILE]: briefYaml(BRIEF_DIGEST) };
  assert.ok(hoverOn(fresh, BRIEF_FILE, BRIEF_DIGEST).info?.markdown.endsWith(`**Digest of this brief:** \`${BRIEF_DIGEST}\` ✓ matches`));
});
