// Where the anchors read our schemas from, and how they load them: by `file:` URI, as VS Code's
// JSON and YAML support do when a user points `json.schemas`/`yaml.schemas` at `schemas/`.
// Loading is generic (URI → file); anything that is not a file URI is refused (never the network),
// and the anchor then reports "Problems loading reference", which the proofs treat as "did not validate".

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SHIPPED_SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const REQUEST_SCHEMA = 'foundry_execution_request.v1.schema.json';
export const BRIEF_SCHEMA = 'formation_brief.v1.schema.json';
/** The file patterns a user would configure (`json.schemas` / `yaml.schemas`). */
export const REQUEST_FILE_MATCH = ['.alloy/requests/*.json'];
export const BRIEF_FILE_MATCH = ['.alloy/briefs/*.yaml', '.alloy/briefs/*.yml'];

/** What an anchor says when a `$ref` could not be followed: its validation is then incomplete. */
export const UNRESOLVED_REF = /Problems loading reference|Unable to load schema|Unable to resolve/i;

export const fileUri = (file) => pathToFileURL(file).toString();

/** The schema request service of both anchors: `file:` URIs only. */
export function loadSchemaByUri(uri) {
  if (!uri.startsWith('file:')) return Promise.reject(new Error(`not a file: URI (${uri}); the bench loads schemas from disk only`));
  try {
    return Promise.resolve(fs.readFileSync(fileURLToPath(uri), 'utf8'));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Relative-reference resolution as yaml-language-server's own server does it (WHATWG URL). */
export function resolveRelativePath(relativePath, resource) {
  return new URL(relativePath, resource).toString();
}

/** How many `$ref`s of the shipped schemas still name another schema by `urn:` id. */
export function urnRefCount(dir = SHIPPED_SCHEMAS) {
  let count = 0;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    count += (fs.readFileSync(path.join(dir, name), 'utf8').match(/"\$ref"\s*:\s*"urn:/g) ?? []).length;
  }
  return count;
}

/**
 * The folder the anchors load schemas from: the shipped `schemas/`, exactly as a user would point
 * an editor at it. (While the schemas referred to each other by `urn:` ids, a temporary copy with
 * relative refs stood in here; the shipped schemas now use relative refs, so it is gone.) If urn
 * refs come back, the anchors cannot follow them and their proofs say so.
 */
export function anchorSchemaFolder() {
  const urnRefs = urnRefCount();
  const note = urnRefs === 0 ? 'the shipped schemas/' : `the shipped schemas/, which still have ${urnRefs} urn: refs no anchor can follow`;
  return { dir: SHIPPED_SCHEMAS, urnRefs, note };
}
