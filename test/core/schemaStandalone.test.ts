// The validators generated at build time (server/src/core/schema/generated/) against ajv compiling
// the same schemas at run time with the same options: the committed code is what the generator
// makes from today's schemas, its errors equal ajv's on a seeded corpus of mutated documents, and
// no part of ajv's compiler is bundled into the server or the CLI.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import type { ErrorObject } from 'ajv';
import * as generated from '../../server/src/core/schema/generated/schemaValidators';
import type { GeneratedValidator } from '../../server/src/core/schema/generated/schemaValidators';
import { isAbsolutePathText, isCallbackUrl, isGitRefName } from '../../server/src/core/schema/formats';

const loadGenerator = () => import('../../scripts/generateValidators.mjs');
type Generator = Awaited<ReturnType<typeof loadGenerator>>;
type Kind = keyof Generator['VALIDATED_SCHEMAS'];

const ROOT = path.resolve(__dirname, '..', '..');
const ALLOY_FOLDER = path.join(ROOT, 'examples', 'checkout-service', '.alloy');
const REGENERATE = '`node scripts/generateValidators.mjs` (or `npm run build`, which runs it)';
const FORMATS = { 'git-ref-name': isGitRefName, 'alloy-callback-url': isCallbackUrl, 'absolute-path': isAbsolutePathText };
const GENERATED: Record<Kind, GeneratedValidator> = {
  request: generated.request,
  brief: generated.brief,
  runResult: generated.runResult,
  evidenceObservation: generated.evidenceObservation,
};

let generator: Generator;
before(async () => {
  generator = await loadGenerator();
});

test('the committed validators are what the generator makes from the current schemas', () => {
  const files = generator.generateValidatorFiles();
  assert.deepEqual(Object.keys(files).sort(), [...generator.GENERATED_FILES].sort());
  for (const name of generator.GENERATED_FILES) {
    const file = path.join(generator.GENERATED_FOLDER, name);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
    assert.ok(committed === files[name], `${path.relative(ROOT, file)} is stale: regenerate it with ${REGENERATE}.`);
  }
});

test('a schema change makes the generated code differ (the staleness check can fail)', () => {
  const schemas = generator.readSchemas();
  const common = schemas.find((s) => String(s.$id).endsWith('/common.v1.schema.json')) as { $defs: Record<string, { pattern?: string }> };
  common.$defs.requestId.pattern = '^runreq_[0-9A-Z]+$';
  const changed = generator.generateValidatorFiles(schemas)['schemaValidators.js'];
  const current = fs.readFileSync(path.join(generator.GENERATED_FOLDER, 'schemaValidators.js'), 'utf8');
  assert.notEqual(changed, current);
  assert.ok(changed.includes('"^runreq_[0-9A-Z]+$"') && !current.includes('"^runreq_[0-9A-Z]+$"'));
});

test('the generated code keeps one copy of the schemas: it requires schemas/*.json and small ajv runtime pieces only', () => {
  const code = fs.readFileSync(path.join(generator.GENERATED_FOLDER, 'schemaValidators.js'), 'utf8');
  const required = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
  assert.deepEqual(required, [
    '../../../../../schemas/common.v1.schema.json',
    '../../../../../schemas/evidence_observation.v1.schema.json',
    '../../../../../schemas/formation_brief.v1.schema.json',
    '../../../../../schemas/foundry_execution_request.v1.schema.json',
    '../../../../../schemas/foundry_run_result.v1.schema.json',
    '../validatorFormats',
    'ajv/dist/runtime/ucs2length',
  ]);
  assert.doesNotMatch(code, /^const schema\d+ = \{/m, 'no schema written out as a literal');
});

test('the server and CLI bundles contain no part of ajv but its runtime helpers', async () => {
  for (const entry of ['server/src/lsp/main.ts', 'server/src/cli/main.ts']) {
    const result = await build({
      entryPoints: [path.join(ROOT, entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: path.join(ROOT, 'dist', 'metafile-only.js'),
    });
    // From the last node_modules/ on: a linked node_modules makes esbuild name inputs by their real path.
    const ajvInputs = Object.keys(result.metafile.inputs)
      .filter((input) => /node_modules\/ajv(-formats)?\//.test(input))
      .map((input) => input.slice(input.lastIndexOf('node_modules/')))
      .sort();
    assert.deepEqual(ajvInputs, ['node_modules/ajv-formats/dist/formats.js', 'node_modules/ajv/dist/runtime/ucs2length.js'], entry);
  }
});

// ---------------------------------------------------------------------------------------------
// The differential corpus: documents parsed from the example workspace and the schemas' examples,
// each mutated a few times at random places. Seeded, bounded, the same documents every run.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** xorshift32: a small deterministic generator (never Math.random). */
function randomFrom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}
type Random = ReturnType<typeof randomFrom>;

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Values that sit near the schemas' patterns, formats and enums, or are of another type. */
const TRICKY_STRINGS = [
  '',
  ' ',
  'x',
  'TODO',
  '<brief-id>',
  '${PROJECT_ID}',
  'runreq_',
  'runreq_01HZ-BAD',
  'runreq_01HZ_OK',
  'brief_',
  'brief_01HZ_OK',
  'sha256:' + '0'.repeat(63),
  'sha256:' + 'A'.repeat(64),
  'sha256:' + 'a'.repeat(64),
  'checkout-service',
  'Checkout',
  '-bad-project',
  'abc1',
  'abc',
  'ABCDEF',
  '2026-06-06T10:00:00',
  '2026-06-06T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-06-06 10:00:00+02:00',
  'http://example.com/cb',
  'http://127.0.0.1:7311/cb',
  'https://',
  'https://alloy.example.test/x',
  'ftp://x',
  'relative/path',
  '/absolute/path',
  'C:\\work',
  '\\\\server\\share',
  'alloy/feature',
  'feature/..bad',
  'a.lock',
  'main',
  '@',
  'br anch',
  'brief.yaml',
  'dir\\brief.yaml',
  'é',
  'x'.repeat(300),
];
const OTHER_TYPES: Json[] = [null, true, false, 0, -1, 1, 1.5, 3, 1e21, '3', [], {}, ['x'], { x: 1 }];

/** Every enum value and example string in the schemas: realistic wrong values for other fields. */
function schemaStrings(schemas: unknown[]): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'enum' || key === 'examples') && Array.isArray(value)) {
          for (const v of value) if (typeof v === 'string') found.add(v);
        }
        if (key === 'x-alloy-removed-values' && value && typeof value === 'object') Object.keys(value).forEach((k) => found.add(k));
        walk(value);
      }
    }
  };
  walk(schemas);
  return [...found].sort();
}

/** Every place in a document: its path from the root, parent first. */
function placesIn(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [[]];
  const walk = (node: Json, at: (string | number)[]) => {
    if (!node || typeof node !== 'object') return;
    for (const [step, child] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
      out.push([...at, step]);
      walk(child, [...at, step]);
    }
  };
  walk(root, []);
  return out;
}

function get(root: Json, at: (string | number)[]): Json | undefined {
  let node: Json | undefined = root;
  for (const step of at) node = node && typeof node === 'object' ? (node as Record<string, Json>)[step] : undefined;
  return node;
}

/** One mutation at a random place; returns the new root (a root replacement is possible). */
function mutate(root: Json, random: Random, strings: string[]): Json {
  const places = placesIn(root);
  const at = random.pick(places);
  const node = get(root, at);
  const parent = at.length ? get(root, at.slice(0, -1)) : undefined;
  const key = at[at.length - 1];
  const set = (value: Json) => {
    if (parent === undefined) return value;
    (parent as Record<string | number, Json>)[key] = value;
    return root;
  };
  switch (random.int(8)) {
    case 0: // delete a member or an item
      if (parent && typeof parent === 'object') {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, Json>)[key as string];
      }
      return root;
    case 1: // another type
      return set(clone(random.pick(OTHER_TYPES)));
    case 2: // a near-miss string
      return set(random.pick(TRICKY_STRINGS));
    case 3: // a value that belongs to another field (enum values, examples, removed values)
      return set(random.pick(strings));
    case 4: // a changed string: case, one character more or less
      if (typeof node === 'string') {
        const edits = [node.toUpperCase(), node + 'x', node.slice(0, -1), ' ' + node, node.replace(/_/g, '-')];
        return set(random.pick(edits));
      }
      return set(random.pick(strings));
    case 5: // an extra member: unknown, or a misspelling of a known one
      if (node && typeof node === 'object' && !Array.isArray(node)) {
        const keys = Object.keys(node);
        const name = keys.length && random.next() < 0.5 ? random.pick(keys) + random.pick(['s', '_', 'x']) : 'extra_member';
        node[name] = clone(random.pick([...OTHER_TYPES, 'x']));
        return root;
      }
      return set({});
    case 6: // arrays: emptied, an item duplicated, or a wrong item pushed
      if (Array.isArray(node)) {
        const choice = random.int(3);
        if (choice === 0) node.length = 0;
        else if (choice === 1 && node.length) node.push(clone(node[0]));
        else node.push(clone(random.pick(OTHER_TYPES)));
        return root;
      }
      return set([]);
    default: // numbers and conditionals: edge numbers, or a status with its conditional members removed
      if (typeof node === 'number') return set(random.pick([0, -1, 1.5, 2 ** 53, -0.5, 100]));
      if (root && typeof root === 'object' && !Array.isArray(root) && 'status' in root) {
        root.status = random.pick(['draft', 'compiled', 'archived', 'executing', 'Compiled', 'reviewed']);
        if (random.next() < 0.5) delete root.evidence_plan;
        if (random.next() < 0.5) delete root.protected_capabilities;
        return root;
      }
      return set(random.pick(TRICKY_STRINGS));
  }
}

/** The documents each corpus starts from: the example workspace's files and the schemas' examples. */
function seeds(schemas: { examples?: unknown[] }[]): Record<Kind, Json[]> {
  const read = (folder: string, ext: string) =>
    fs
      .readdirSync(path.join(ALLOY_FOLDER, folder))
      .filter((n) => n.endsWith(ext))
      .sort()
      .map((n) => fs.readFileSync(path.join(ALLOY_FOLDER, folder, n), 'utf8'));
  const parsable = (texts: string[], parse: (t: string) => unknown) =>
    texts.flatMap((t) => {
      try {
        return [parse(t) as Json];
      } catch {
        return []; // the example's broken-syntax files
      }
    });
  const examplesOf = (file: string) =>
    (schemas.find((s) => String((s as { $id?: string }).$id).endsWith(`/${file}`))?.examples ?? []) as Json[];
  const files = generator.VALIDATED_SCHEMAS;
  return {
    request: [...parsable(read('requests', '.json'), JSON.parse), ...examplesOf(files.request)],
    brief: [...parsable(read('briefs', '.yaml'), (t) => parseYaml(t)), ...examplesOf(files.brief)],
    runResult: examplesOf(files.runResult),
    evidenceObservation: examplesOf(files.evidenceObservation),
  };
}

const CORPUS_SIZE: Record<Kind, number> = { request: 1500, brief: 1500, runResult: 700, evidenceObservation: 500 };

test('differential: on 4,200 mutated documents the generated validators give exactly the errors of ajv compiling at run time', () => {
  const started = Date.now();
  const schemas = generator.readSchemas();
  const ajv = generator.createAjv(FORMATS, { schemas: generator.readSchemas() });
  const strings = schemaStrings(schemas);
  const starts = seeds(schemas);
  const random = randomFrom(13);
  const keywords = new Set<string>();
  let invalid = 0;
  let total = 0;
  for (const kind of Object.keys(CORPUS_SIZE) as Kind[]) {
    assert.ok(starts[kind].length > 0, `${kind}: seed documents`);
    const compiled = ajv.getSchema(String(schemas.find((s) => String(s.$id).endsWith(`/${generator.VALIDATED_SCHEMAS[kind]}`))?.$id));
    assert.ok(compiled, `${kind} compiles at run time`);
    const fast = GENERATED[kind];
    for (let i = 0; i < CORPUS_SIZE[kind]; i++) {
      let doc = clone(starts[kind][i % starts[kind].length]);
      // The first pass over the seeds is unmutated; then one to four mutations each.
      if (i >= starts[kind].length) for (let m = 1 + random.int(4); m > 0; m--) doc = mutate(doc, random, strings);
      const expectedValid = compiled(doc);
      const expectedErrors = compiled.errors as ErrorObject[] | null | undefined;
      const actualValid = fast(doc);
      const where = `${kind} #${i}: ${JSON.stringify(doc).slice(0, 400)}`;
      assert.equal(actualValid, expectedValid, where);
      assert.deepStrictEqual(fast.errors, expectedErrors, where);
      total++;
      if (!expectedValid) {
        invalid++;
        for (const e of expectedErrors ?? []) keywords.add(e.keyword);
      }
    }
  }
  assert.equal(total, 4200);
  // The corpus really exercises the schemas: most documents fail, and on every keyword they use.
  assert.ok(invalid > 3000 && invalid < total, `${invalid} of ${total} invalid`);
  assert.deepEqual([...keywords].sort(), [
    'additionalProperties',
    'const',
    'enum',
    'format',
    'if',
    'minItems',
    'minLength',
    'minimum',
    'pattern',
    'required',
    'type',
  ]);
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});

test('differential: a planted difference is caught (a format that is not the one the generated code calls)', () => {
  const ajv = generator.createAjv({ ...FORMATS, 'git-ref-name': () => true }, { schemas: generator.readSchemas() });
  const id = String(generator.readSchemas().find((s) => String(s.$id).endsWith('/foundry_execution_request.v1.schema.json'))?.$id);
  const compiled = ajv.getSchema(id);
  assert.ok(compiled);
  const doc = JSON.parse(fs.readFileSync(path.join(ALLOY_FOLDER, 'requests', 'checkout-payment.json'), 'utf8')) as {
    repo: { branch: string };
  };
  doc.repo.branch = 'feature/..bad';
  assert.equal(compiled(doc), true);
  assert.equal(generated.request(doc), false);
  assert.deepEqual(
    generated.request.errors?.map((e) => [e.instancePath, e.keyword, e.params]),
    [['/repo/branch', 'format', { format: 'git-ref-name' }]],
  );
});
