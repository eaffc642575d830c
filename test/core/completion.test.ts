// Completion proposals at a cursor marked `|` in a fixture: JSON and YAML property names, values
// and snippets, all from the schemas, with their replace spans.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import commonSchema from '../../schemas/common.v1.schema.json';
import briefSchema from '../../schemas/formation_brief.v1.schema.json';
import requestSchema from '../../schemas/foundry_execution_request.v1.schema.json';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { completionsAt, type CompletionProposal } from '../../server/src/core/editing/completionItems';
import { cursorAt } from '../support/cursor';
import { MemoryHost } from '../support/memoryHost';
import { BRIEF_YAML } from './fixtures';

const REQUEST_FILE = '/repo/.alloy/requests/run.json';
const BRIEF_FILE = '/repo/.alloy/briefs/checkout.yaml';

/**
 * Completion at the `|` in `source` (the bar is removed), with the file held in memory.
 * Returns the proposals sorted the way an editor shows them (sortText, then label).
 */
function complete(file: string, source: string): { proposals: CompletionProposal[]; text: string; at: number } {
  const { text, offset: at } = cursorAt(source);
  const proposals = completionsAt(new AlloyWorkspace(new MemoryHost({ [file]: text }), ['/repo']), file, at);
  const sorted = [...proposals].sort(
    (a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label),
  );
  return { proposals: sorted, text, at };
}

function byLabel(proposals: CompletionProposal[], label: string): CompletionProposal {
  const found = proposals.find((p) => p.label === label);
  assert.ok(found, `no proposal ${label} among ${proposals.map((p) => p.label).join(', ')}`);
  return found;
}

const properties = (proposals: CompletionProposal[]) => proposals.filter((p) => p.kind === 'property').map((p) => p.label);

// ---- JSON property names -------------------------------------------------------------------

test('in an empty request object: every request property, required ones first, with docs from the schema', () => {
  const { proposals } = complete(REQUEST_FILE, '{\n  |\n}');
  assert.deepEqual(properties(proposals), [
    'schema_version',
    'request_id',
    'idempotency_key',
    'project_id',
    'repo',
    'brief',
    'foundry',
    'requested_by',
    'requested_at',
    'reporting',
  ]);
  const requestId = byLabel(proposals, 'request_id');
  assert.deepEqual(requestId, {
    label: 'request_id',
    kind: 'property',
    insertText: '"request_id": "$1"',
    isSnippet: true,
    sortText: '0_001',
    detail: 'Request id · required',
    documentation: requestSchema.properties.request_id.markdownDescription,
  });
  const requestedBy = byLabel(proposals, 'requested_by');
  assert.equal(requestedBy.detail, 'Requested by');
  assert.equal(requestedBy.sortText, '1_004');
  // A constant is written out; an object with default snippets gets its first snippet's body.
  assert.equal(byLabel(proposals, 'schema_version').insertText, '"schema_version": "alloy.foundry_execution_request.v1"');
  assert.equal(
    byLabel(proposals, 'brief').insertText,
    '"brief": {\n' +
      '\t"id": "brief_${1:01HZ_CHECKOUT_PAYMENT}",\n' +
      '\t"version": ${2:1},\n' +
      '\t"digest": "${3:sha256:...}",\n' +
      '\t"local_path": ".alloy/briefs/${4:brief_01HZ_CHECKOUT_PAYMENT}.yaml"\n' +
      '}',
  );
  // The request's own default snippet fills the whole object.
  const whole = proposals.find((p) => p.kind === 'snippet');
  assert.equal(whole?.label, 'Foundry Execution Request');
  assert.ok(
    whole.insertText.startsWith(
      '"schema_version": "alloy.foundry_execution_request.v1",\n"request_id": "runreq_${1:01HZ_CHECKOUT_PAYMENT}",\n',
    ),
  );
  assert.ok(whole.insertText.endsWith('\t"evidence_observations_required": ${22:true}\n}'));
});

test('property names leave out the members already present, and add a comma when a member follows', () => {
  const { proposals } = complete(
    REQUEST_FILE,
    '{\n  "schema_version": "alloy.foundry_execution_request.v1",\n  |\n  "request_id": "runreq_X"\n}',
  );
  assert.deepEqual(properties(proposals), [
    'idempotency_key',
    'project_id',
    'repo',
    'brief',
    'foundry',
    'requested_by',
    'requested_at',
    'reporting',
  ]);
  assert.equal(byLabel(proposals, 'project_id').insertText, '"project_id": "$1",');
  assert.equal(byLabel(proposals, 'requested_at').insertText, '"requested_at": "$1",');
  assert.equal(proposals.filter((p) => p.kind === 'snippet').length, 0, 'no whole-object snippet in a non-empty object');
});

test('a partly typed key is replaced, quotes included', () => {
  const { proposals, text } = complete(REQUEST_FILE, '{\n  "foundry": {\n    "thr|\n  }\n}');
  const throttle = byLabel(proposals, 'throttle');
  const start = text.indexOf('"thr');
  assert.deepEqual(throttle.replaceSpan, { offset: start, length: 4 });
  assert.equal(throttle.filterText, '"throttle"');
  assert.equal(throttle.insertText, '"throttle": "$1"');
  assert.equal(throttle.triggerSuggest, true);
  assert.equal(throttle.documentation, requestSchema.properties.foundry.properties.throttle.markdownDescription);
  assert.deepEqual(properties(proposals), ['entry_event', 'throttle', 'payload']);
});

test('on an existing key with its value, only the name is replaced', () => {
  const { proposals, text } = complete(REQUEST_FILE, '{"foundry": {"entry_event": "scan_requested", "thr|ottle": "full"}}');
  assert.deepEqual(properties(proposals), ['throttle', 'payload']);
  const payload = byLabel(proposals, 'payload');
  assert.equal(payload.insertText, '"payload"');
  assert.equal(payload.isSnippet, false);
  assert.deepEqual(payload.replaceSpan, { offset: text.indexOf('"throttle"'), length: '"throttle"'.length });
});

test('nested objects: payload members and their nested actions', () => {
  const payload = complete(REQUEST_FILE, '{"foundry": {"payload": {"strategic": true, |}}}').proposals;
  assert.deepEqual(properties(payload), ['max_iterations', 'actions', 'prompt']);
  assert.equal(byLabel(payload, 'max_iterations').insertText, '"max_iterations": $1');
  assert.equal(byLabel(payload, 'actions').insertText, '"actions": {$1}');
  const actions = complete(REQUEST_FILE, '{"foundry": {"payload": {"actions": {|}}}}').proposals;
  assert.deepEqual(properties(actions), ['iterate', 'maintain']);
});

test('nothing after the root object, or right after a closed string', () => {
  assert.deepEqual(complete(REQUEST_FILE, '{}|').proposals, []);
  assert.deepEqual(complete(REQUEST_FILE, '{"foundry": {"throttle": "full"|}}').proposals, []);
});

// ---- JSON values ---------------------------------------------------------------------------

test('after "throttle": the two throttles, quoted, with their docs', () => {
  const { proposals } = complete(REQUEST_FILE, '{\n  "foundry": {\n    "throttle": |\n  }\n}');
  assert.deepEqual(proposals, [
    {
      label: 'dry_run',
      kind: 'value',
      insertText: '"dry_run"',
      isSnippet: false,
      sortText: '0_000',
      documentation: commonSchema.$defs.throttle.markdownEnumDescriptions[0],
    },
    {
      label: 'full',
      kind: 'value',
      insertText: '"full"',
      isSnippet: false,
      sortText: '0_001',
      documentation: commonSchema.$defs.throttle.markdownEnumDescriptions[1],
    },
  ]);
});

test('a value followed by another member gets a comma; a partly typed value is replaced', () => {
  const followed = complete(REQUEST_FILE, '{"foundry": {"throttle": |\n "payload": {}}}').proposals;
  assert.deepEqual(
    followed.map((p) => p.insertText),
    ['"dry_run",', '"full",'],
  );

  const { proposals, text } = complete(REQUEST_FILE, '{"foundry": {"entry_event": "sc|an", "throttle": "full"}}');
  const scan = byLabel(proposals, 'scan_requested');
  assert.deepEqual(scan.replaceSpan, { offset: text.indexOf('"scan"'), length: '"scan"'.length });
  assert.equal(scan.insertText, '"scan_requested"');
  assert.equal(scan.filterText, '"scan_requested"');
  assert.equal(proposals.length, 5);
});

test('booleans and constants are proposed; broken text is tolerated', () => {
  const booleans = complete(REQUEST_FILE, '{"foundry": {"payload": {"strategic": tr|');
  assert.deepEqual(
    booleans.proposals.map((p) => [p.label, p.insertText, p.replaceSpan]),
    [
      ['true', 'true', { offset: booleans.text.lastIndexOf('tr'), length: 2 }],
      ['false', 'false', { offset: booleans.text.lastIndexOf('tr'), length: 2 }],
    ],
  );
  const version = complete(REQUEST_FILE, '{\n  "schema_version": |\n}').proposals;
  assert.deepEqual(
    version.map((p) => p.insertText),
    ['"alloy.foundry_execution_request.v1"'],
  );
});

test("at an empty object value, the schema's default snippet", () => {
  const { proposals } = complete(REQUEST_FILE, '{\n  "repo": |\n}');
  assert.deepEqual(proposals, [
    {
      label: 'Repository',
      kind: 'snippet',
      insertText: '{\n\t"path": "${1:/work/checkout-service}",\n\t"revision": "${2:abc123}",\n\t"branch": "${3:alloy/checkout-payment}"\n}',
      isSnippet: true,
      sortText: '1_000',
      documentation: 'Checkout path, approved revision and branch',
    },
  ]);
});

// ---- YAML ----------------------------------------------------------------------------------

const BRIEF_HEAD = 'schema_version: alloy.formation_brief.v1\nid: brief_X\n';

test('YAML brief at "status: ": the ten lifecycle states, plain, with their docs', () => {
  const { proposals } = complete(BRIEF_FILE, BRIEF_HEAD + 'status: |\nversion: 1\n');
  const status = briefSchema.properties.status;
  assert.deepEqual(
    proposals.map((p) => p.label),
    ['draft', 'reviewable', 'approved', 'compiled', 'queued', 'accepted', 'executing', 'completed', 'analyzed', 'archived'],
  );
  assert.deepEqual(
    proposals.map((p) => p.insertText),
    status.enum,
  );
  assert.deepEqual(
    proposals.map((p) => p.documentation),
    status.markdownEnumDescriptions,
  );
  assert.ok(proposals.every((p) => p.kind === 'value' && !p.isSnippet && p.replaceSpan === undefined));
});

test('YAML value: a partly typed value is replaced; right after the colon a space is added', () => {
  const typed = complete(BRIEF_FILE, BRIEF_HEAD + 'status: comp|\n');
  assert.deepEqual(byLabel(typed.proposals, 'compiled').replaceSpan, { offset: typed.text.indexOf('comp'), length: 4 });
  const tight = complete(BRIEF_FILE, BRIEF_HEAD + 'status:|\n');
  assert.equal(byLabel(tight.proposals, 'draft').insertText, ' draft');
  assert.deepEqual(complete(BRIEF_FILE, BRIEF_HEAD + 'status: draft # a comm|ent\n').proposals, []);
});

test('YAML: on an indented empty line under mission, the mission members not yet present', () => {
  const { proposals } = complete(BRIEF_FILE, BRIEF_HEAD + 'mission:\n  definition_of_done:\n    - It works.\n  |\nstatus: draft\n');
  assert.deepEqual(properties(proposals), [
    'objective',
    'product_intent_refs',
    'design_intent_refs',
    'engineering_intent_refs',
    'stop_conditions',
  ]);
  const objective = byLabel(proposals, 'objective');
  assert.deepEqual(objective, {
    label: 'objective',
    kind: 'property',
    insertText: 'objective: ',
    isSnippet: false,
    sortText: '0_000',
    detail: `${briefSchema.properties.mission.properties.objective.title} · required`,
    documentation: briefSchema.properties.mission.properties.objective.markdownDescription,
  });
  assert.equal(byLabel(proposals, 'stop_conditions').insertText, 'stop_conditions:\n  - $1');
});

test('YAML: the column of an empty line decides the mapping', () => {
  const top = complete(BRIEF_FILE, BRIEF_HEAD + 'mission:\n  objective: Ship it.\n|\n');
  assert.ok(properties(top.proposals).includes('version'));
  assert.ok(!properties(top.proposals).includes('schema_version') && !properties(top.proposals).includes('mission'));
  assert.ok(!properties(top.proposals).includes('objective'));
});

test('YAML: a partly typed key without a colon is replaced; snippets come from defaultSnippets', () => {
  const { proposals, text } = complete(BRIEF_FILE, BRIEF_HEAD + 'miss|\n');
  const mission = byLabel(proposals, 'mission');
  assert.deepEqual(mission.replaceSpan, { offset: text.indexOf('miss'), length: 4 });
  assert.equal(
    mission.insertText,
    'mission:\n' +
      '  objective: ${1:Make checkout payment failures recoverable without losing the cart.}\n' +
      '  engineering_intent_refs:\n' +
      '    - ${2:alloy.intent.payment-provider-gateway}\n' +
      '  definition_of_done:\n' +
      '    - ${3:A declined card shows a retry option and keeps the cart.}',
  );
  assert.equal(mission.isSnippet, true);
  // The foundry runtime's snippet: "^${3:true}" bodies become unquoted values.
  assert.ok(byLabel(proposals, 'foundry').insertText.includes('\n  payload:\n    strategic: ${3:true}\n    max_iterations: ${4:3}\n'));
  assert.equal(byLabel(proposals, 'status').triggerSuggest, true);
});

test('YAML: on an existing key only the name is replaced', () => {
  const { proposals, text } = complete(BRIEF_FILE, BRIEF_HEAD + 'stat|us: draft\n');
  const status = byLabel(proposals, 'status');
  assert.equal(status.insertText, 'status');
  assert.deepEqual(status.replaceSpan, { offset: text.indexOf('status'), length: 6 });
  assert.ok(!properties(proposals).includes('id'));
});

test('YAML: sequence entries of objects propose the item members, aligned after the dash', () => {
  const fresh = complete(BRIEF_FILE, BRIEF_HEAD + 'protected_capabilities:\n  - |\n');
  assert.deepEqual(properties(fresh.proposals), ['id', 'statement', 'severity', 'scope', 'evidence_required']);
  assert.equal(byLabel(fresh.proposals, 'evidence_required').insertText, 'evidence_required:\n    - $1');
  const snippet = fresh.proposals.find((p) => p.kind === 'snippet');
  assert.equal(
    snippet?.insertText.split('\n')[1],
    '  statement: ${2:The payment provider can be replaced without touching LiveView modules.}',
  );

  const second = complete(BRIEF_FILE, BRIEF_HEAD + 'protected_capabilities:\n  - id: cap\n    |\n');
  assert.deepEqual(properties(second.proposals), ['statement', 'severity', 'scope', 'evidence_required']);
  const severity = complete(BRIEF_FILE, BRIEF_HEAD + 'protected_capabilities:\n  - id: cap\n    severity: |\n');
  assert.deepEqual(
    severity.proposals.map((p) => p.label),
    ['high', 'medium', 'low'],
  );
});

test('YAML: CRLF line ends, and nothing in comments or for files that are not Alloy files', () => {
  const crlf = complete(BRIEF_FILE, 'schema_version: alloy.formation_brief.v1\r\nfoundry:\r\n  throttle: dry_run\r\n  |\r\n');
  assert.deepEqual(properties(crlf.proposals), ['entry_event', 'payload']);
  assert.deepEqual(complete(BRIEF_FILE, BRIEF_HEAD + '# stat|\n').proposals, []);
  assert.deepEqual(complete('/repo/docs/notes.yaml', 'title: x\n|\n').proposals, []);
});

test('a quoted value left open until the end of the text: proposals hold the cursor (inserted there), never the quote far before it', () => {
  const at = BRIEF_YAML.indexOf('entry_event: ') + 'entry_event: '.length;
  const source = BRIEF_YAML.slice(0, at) + '"' + ' '.repeat(2000) + '|';
  const { proposals, at: cursor } = complete(BRIEF_FILE, source);
  assert.ok(
    proposals.some((p) => p.label === 'iteration_requested'),
    proposals.map((p) => p.label).join(),
  );
  for (const p of proposals) {
    const span = p.replaceSpan;
    assert.ok(span === undefined || (span.offset <= cursor && cursor <= span.offset + span.length), `${p.label}: ${JSON.stringify(span)}`);
  }
});
