// Shows that the shipped schemas work outside Alloy: their `$ref`s are relative to sibling files,
// so vscode-json-languageservice (VS Code's JSON support) and yaml-language-server, loading the
// files from disk by URI as a user's `json.schemas` / `yaml.schemas` setting makes them, follow
// every reference and find an error planted inside a referenced definition. A copy with the old
// `urn:` references is the control: there both tools report "Problems loading reference" and miss it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as jsonService from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService as getYamlService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const EXAMPLE = path.join(ROOT, 'examples', 'checkout-service', '.alloy');
const REQUEST_SCHEMA = 'foundry_execution_request.v1.schema.json';
const BRIEF_SCHEMA = 'formation_brief.v1.schema.json';
const RUN_RESULT_SCHEMA = 'foundry_run_result.v1.schema.json';
const SCHEMA_FILES = fs.readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'));
const DIGEST_PATTERN_MESSAGE = 'String does not match the pattern of "^sha256:[0-9a-f]{64}$".';
const REQUEST_ID_PATTERN_MESSAGE = 'String does not match the pattern of "^runreq_[0-9A-Za-z_]+$".';

const fileUri = (file: string) => pathToFileURL(file).href;
const readSchema = (name: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;

/** Every `$ref` value in a schema, in document order. */
function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsOf(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsOf(value, out);
    }
  }
  return out;
}

/** The schema request service both tools get: reads `file:` URIs, refuses anything else (as offline). */
function schemaLoader() {
  const loaded: string[] = [];
  const load = (uri: string): Promise<string> => {
    loaded.push(uri);
    if (!uri.startsWith('file:')) return Promise.reject(new Error(`not a file: URI: ${uri}`));
    try {
      return Promise.resolve(fs.readFileSync(fileURLToPath(uri), 'utf8'));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return { load, loaded };
}

/** How VS Code's JSON and YAML servers resolve a relative path against a resource URI. */
const workspaceContext = { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).href };

interface Found {
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** vscode-json-languageservice with one schema associated to every `.json` file, loaded from `dir`. */
async function jsonDiagnostics(dir: string, schema: string, text: string): Promise<{ found: Found[]; loaded: string[] }> {
  const { load, loaded } = schemaLoader();
  const service = jsonService.getLanguageService({ schemaRequestService: load, workspaceContext });
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: fileUri(path.join(dir, schema)), fileMatch: ['*.json'] }] });
  const document = TextDocument.create('file:///workspace/.alloy/requests/file.json', 'json', 1, text);
  const found = await service.doValidation(document, service.parseJSONDocument(document), {
    schemaValidation: 'error',
    schemaRequest: 'error',
  });
  return { found: found.map(({ message, range }) => ({ message, range })), loaded };
}

/** yaml-language-server caches parsed documents by URI and version, across services: never reuse one. */
let yamlVersion = 0;

/** yaml-language-server's service with the brief schema associated to `.alloy/briefs/*.yaml`. */
async function yamlDiagnostics(dir: string, text: string): Promise<{ found: Found[]; loaded: string[]; swallowed: string[] }> {
  const { load, loaded } = schemaLoader();
  const swallowed: string[] = [];
  const telemetry = {
    send() {},
    sendTrack() {},
    sendError(name: string, error: unknown) {
      swallowed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    },
  };
  // The declared Telemetry class has members this in-process use never calls.
  const service = getYamlService({ schemaRequestService: load, workspaceContext, telemetry: telemetry as never });
  service.configure({
    validate: true,
    hover: false,
    completion: false,
    format: false,
    customTags: [],
    yamlVersion: '1.2',
    schemas: [{ uri: fileUri(path.join(dir, BRIEF_SCHEMA)), fileMatch: ['.alloy/briefs/*.yaml'], priority: 3 }],
  });
  const document = TextDocument.create('file:///workspace/.alloy/briefs/brief.yaml', 'yaml', ++yamlVersion, text);
  const found = await service.doValidation(document, false);
  return { found: found.map(({ message, range }) => ({ message, range })), loaded, swallowed };
}

/** The range of the first occurrence of `needle` in `text` (on one line). */
function rangeOf(text: string, needle: string): Found['range'] {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in the text`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** A copy of the schemas with every relative `$ref` and `$id` written the old way, as `urn:` ids. */
function urnCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-urn-schemas-'));
  for (const name of SCHEMA_FILES) {
    const stem = name.replace(/\.schema\.json$/, '');
    const text = fs
      .readFileSync(path.join(SCHEMAS, name), 'utf8')
      .replace(/("\$id": ")[^"]*"/, `$1urn:alloy:schema:${stem}"`)
      .replace(/("\$ref": ")([a-z_]+\.v1)\.schema\.json/g, '$1urn:alloy:schema:$2');
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const URN_DIR = urnCopy();
after(() => fs.rmSync(URN_DIR, { recursive: true, force: true }));

const requestText = fs.readFileSync(path.join(EXAMPLE, 'requests', 'checkout-payment.json'), 'utf8');
const badDigestRequest = requestText.replace(/"digest": "sha256:[0-9a-f]{64}"/, '"digest": "sha256:XYZ"');
const briefText = fs.readFileSync(path.join(EXAMPLE, 'briefs', 'brief_01HZ_CHECKOUT_PAYMENT.yaml'), 'utf8');
const badDigestBrief = briefText.replace(/^digest: sha256:[0-9a-f]{64}$/m, 'digest: sha256:XYZ');
const runResultText = JSON.stringify((readSchema(RUN_RESULT_SCHEMA).examples as unknown[])[0], null, 2) + '\n';
// Inside an observation (its own file, by `$ref`), inside the requestId definition of common (a second `$ref`).
const badObservationRunResult = runResultText.replace(/("evidence_definition_id": "[^"]*",\s*"run_request_id": )"[^"]*"/, '$1"run_01"');

test('no schema refers to another by a urn: id; each $ref names a sibling file, resolved alike from the $id and from disk', () => {
  assert.equal(SCHEMA_FILES.length, 5);
  const ids = new Map(SCHEMA_FILES.map((name) => [readSchema(name).$id, name]));
  for (const name of SCHEMA_FILES) {
    const schema = readSchema(name);
    const id = schema.$id as string;
    assert.match(id, /^https:\/\//, `${name}: $id is an https URL`);
    assert.equal(new URL(id).pathname.split('/').pop(), name, `${name}: the last segment of $id is the file name`);
    for (const ref of refsOf(schema)) {
      assert.doesNotMatch(ref, /^urn:/, `${name}: ${ref}`);
      const [target, fragment] = ref.split('#');
      if (!target) {
        assert.match(fragment, /^\//, `${name}: a local ref is a JSON pointer`);
        continue;
      }
      assert.match(target, /^[a-z_]+\.v1\.schema\.json$/, `${name}: ${ref} names a sibling file`);
      // ajv resolves against the $id; file-based tools against the file's own URI.
      assert.equal(ids.get(new URL(target, id).href), target, `${name}: ${ref} from the $id`);
      assert.ok(fs.existsSync(fileURLToPath(new URL(target, fileUri(path.join(SCHEMAS, name))))), `${name}: ${ref} from disk`);
    }
  }
  // The cross-file refs really are there (this test would pass vacuously without them).
  assert.ok(refsOf(readSchema(REQUEST_SCHEMA)).filter((r) => r.startsWith('common.v1.schema.json#')).length >= 8);
  assert.deepEqual(
    refsOf(readSchema(RUN_RESULT_SCHEMA)).filter((r) => r.startsWith('evidence_')),
    ['evidence_observation.v1.schema.json'],
  );
});

test('vscode-json-languageservice validates the example request against the shipped schemas: no problem, both files loaded', async () => {
  const { found, loaded } = await jsonDiagnostics(SCHEMAS, REQUEST_SCHEMA, requestText);
  assert.deepEqual(found, []);
  assert.deepEqual([...new Set(loaded)].sort(), [
    fileUri(path.join(SCHEMAS, 'common.v1.schema.json')),
    fileUri(path.join(SCHEMAS, REQUEST_SCHEMA)),
  ]);
});

test('vscode-json-languageservice finds a bad brief.digest, whose pattern is in common.v1 behind a $ref', async () => {
  const { found } = await jsonDiagnostics(SCHEMAS, REQUEST_SCHEMA, badDigestRequest);
  assert.deepEqual(found, [{ message: DIGEST_PATTERN_MESSAGE, range: rangeOf(badDigestRequest, '"sha256:XYZ"') }]);
});

test('vscode-json-languageservice follows run result → observation file → common: a bad run_request_id inside an observation is found', async () => {
  const clean = await jsonDiagnostics(SCHEMAS, RUN_RESULT_SCHEMA, runResultText);
  assert.deepEqual(clean.found, []);
  assert.deepEqual(
    [...new Set(clean.loaded)].sort(),
    ['common.v1.schema.json', 'evidence_observation.v1.schema.json', RUN_RESULT_SCHEMA].map((n) => fileUri(path.join(SCHEMAS, n))),
  );
  const { found } = await jsonDiagnostics(SCHEMAS, RUN_RESULT_SCHEMA, badObservationRunResult);
  const lastId = badObservationRunResult.lastIndexOf('"run_01"');
  assert.ok(lastId > 0 && badObservationRunResult.indexOf('"run_01"') === lastId, 'planted once');
  assert.deepEqual(found, [{ message: REQUEST_ID_PATTERN_MESSAGE, range: rangeOf(badObservationRunResult, '"run_01"') }]);
});

test('control: with urn: refs, vscode-json-languageservice cannot load the reference and misses the planted error', async () => {
  const { found } = await jsonDiagnostics(URN_DIR, REQUEST_SCHEMA, badDigestRequest);
  assert.ok(found.length > 0 && found.every((d) => d.message.startsWith('Problems loading reference')), JSON.stringify(found));
  assert.ok(!found.some((d) => d.message === DIGEST_PATTERN_MESSAGE));
});

test('yaml-language-server validates the example brief against the shipped schemas: no problem, both files loaded from disk', async () => {
  const { found, loaded, swallowed } = await yamlDiagnostics(SCHEMAS, briefText);
  assert.deepEqual(found, []);
  assert.deepEqual(swallowed, []);
  assert.deepEqual([...new Set(loaded)].sort(), [
    fileUri(path.join(SCHEMAS, 'common.v1.schema.json')),
    fileUri(path.join(SCHEMAS, BRIEF_SCHEMA)),
  ]);
});

test('yaml-language-server finds a bad brief digest, whose pattern is in common.v1 behind a $ref', async () => {
  const { found, swallowed } = await yamlDiagnostics(SCHEMAS, badDigestBrief);
  assert.deepEqual(swallowed, []);
  assert.deepEqual(found, [{ message: DIGEST_PATTERN_MESSAGE, range: rangeOf(badDigestBrief, 'sha256:XYZ') }]);
});

test('control: with urn: refs, yaml-language-server cannot load the reference and misses the planted error', async () => {
  const { found } = await yamlDiagnostics(URN_DIR, badDigestBrief);
  assert.ok(found.length > 0 && found.every((d) => d.message.startsWith('Problems loading reference')), JSON.stringify(found));
  assert.ok(!found.some((d) => d.message === DIGEST_PATTERN_MESSAGE));
});
