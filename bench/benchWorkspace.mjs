// Generates throw-away workspaces for the benchmarks: any number of distinct, valid briefs (each
// from the example's compiled brief, with its own id, objective and digest) and requests spread
// over them (each from the example's valid request, with its own request_id, callback URL, brief
// reference and idempotency key). Digests and keys come from test/support/independentHash.ts and
// the `yaml` package, never from the code under test, so "every file is valid" is a real check.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { canonicalText, sha256Of } from '../test/support/independentHash.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/checkout-service/.alloy/', import.meta.url));
const EXAMPLE_BRIEF = 'brief_01HZ_CHECKOUT_PAYMENT.yaml';
const EXAMPLE_BRIEF_ID = 'brief_01HZ_CHECKOUT_PAYMENT';
const EXAMPLE_REQUEST_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
const OBJECTIVE_END = 'without losing the cart.';
/** The request text's `requested_at`; not a key input, so a one-character change keeps the request valid. */
export const REQUESTED_AT = '2026-06-06T10:05:00-04:00';

/** Workspaces not yet removed; removed on exit too, so an abandoned run leaves nothing behind. */
const live = new Set();
process.on('exit', () => {
  for (const root of live) fs.rmSync(root, { recursive: true, force: true });
});

export function exampleBriefText() {
  return fs.readFileSync(path.join(EXAMPLE, 'briefs', EXAMPLE_BRIEF), 'utf8');
}

export function exampleRequestText() {
  return fs.readFileSync(path.join(EXAMPLE, 'requests', 'checkout-payment.json'), 'utf8');
}

const pad = (n) => String(n).padStart(6, '0');
export const requestId = (index) => `runreq_BENCH_${pad(index)}`;
export const briefId = (index) => `brief_BENCH_${pad(index)}`;

/** The brief digest of SPEC §4: canonical JSON of the data without its top-level `digest`. */
function digestOfBriefText(text) {
  const { digest: _own, ...content } = YAML.parse(text);
  return sha256Of(canonicalText(content));
}

/**
 * Brief number `index`: the example brief with its own id, an objective naming the index (plus
 * `variant`, so two texts of one brief can differ by a character) and the digest of that content.
 */
export function benchBrief(index, variant = '') {
  const template = exampleBriefText();
  const own = template.match(/^digest: (sha256:[0-9a-f]{64})$/m);
  if (!own || !template.includes(`id: ${EXAMPLE_BRIEF_ID}\n`) || !template.includes(OBJECTIVE_END)) {
    throw new Error('the example brief no longer has the id, digest and objective the bench rewrites');
  }
  const id = briefId(index);
  const undigested = template
    .replace(`id: ${EXAMPLE_BRIEF_ID}\n`, `id: ${id}\n`)
    .replace(OBJECTIVE_END, `without losing the cart (bench brief ${pad(index)}${variant}).`);
  const digest = digestOfBriefText(undigested);
  const text = undigested.replace(own[0], `digest: ${digest}`);
  if (digestOfBriefText(text) !== digest) throw new Error('the generated brief does not keep its digest');
  return { id, digest, fileName: `${id}.yaml`, text };
}

/** Request number `index`, naming `brief` (from benchBrief), with its key computed independently. */
export function benchRequest(index, brief) {
  const request = JSON.parse(exampleRequestText());
  if (request.request_id !== EXAMPLE_REQUEST_ID || !request.reporting?.callback_url?.includes(EXAMPLE_REQUEST_ID)) {
    throw new Error('the example request no longer names its request_id in its callback URL');
  }
  if (request.requested_at !== REQUESTED_AT) throw new Error(`the example request's requested_at is no longer ${REQUESTED_AT}`);
  const id = requestId(index);
  request.request_id = id;
  request.reporting.callback_url = request.reporting.callback_url.split(EXAMPLE_REQUEST_ID).join(id);
  request.brief.id = brief.id;
  request.brief.digest = brief.digest;
  request.brief.local_path = `.alloy/briefs/${brief.fileName}`;
  request.idempotency_key = sha256Of(
    canonicalText({
      brief_digest: request.brief.digest,
      entry_event: request.foundry.entry_event,
      payload: request.foundry.payload,
      project_id: request.project_id,
      repo_revision: request.repo.revision,
      requested_by: request.requested_by ?? null,
      throttle: request.foundry.throttle,
    }),
  );
  return { id, fileName: `request-${pad(index)}.json`, text: JSON.stringify(request, null, 2) + '\n' };
}

/** The same request text with `requested_at`'s seconds set to `second` (one character differs). */
export function withRequestedSecond(text, second) {
  if (!text.includes(REQUESTED_AT)) throw new Error('the request has no requested_at to vary');
  return text.replace(REQUESTED_AT, REQUESTED_AT.replace(':00-', `:0${second}-`));
}

/**
 * Writes `<root>/.alloy/briefs/*` and `<root>/.alloy/requests/*`: brief k (1-based) has
 * `requestsPerBrief[k - 1]` requests, numbered brief by brief. Returns the root, the brief paths,
 * the request paths (in order) and, for each brief path, its requests.
 */
export function createBenchWorkspace({ requestsPerBrief, label }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `alloy-bench-${label}-`));
  live.add(root);
  const briefsDir = path.join(root, '.alloy', 'briefs');
  const requestsDir = path.join(root, '.alloy', 'requests');
  fs.mkdirSync(briefsDir, { recursive: true });
  fs.mkdirSync(requestsDir, { recursive: true });
  const briefPaths = [];
  const requestPaths = [];
  const requestsOf = new Map();
  let next = 1;
  requestsPerBrief.forEach((count, k) => {
    const brief = benchBrief(k + 1);
    const briefPath = path.join(briefsDir, brief.fileName);
    fs.writeFileSync(briefPath, brief.text);
    briefPaths.push(briefPath);
    const own = [];
    for (let i = 0; i < count; i++) {
      const request = benchRequest(next++, brief);
      const file = path.join(requestsDir, request.fileName);
      fs.writeFileSync(file, request.text);
      own.push(file);
    }
    requestPaths.push(...own);
    requestsOf.set(briefPath, own);
  });
  return { root, briefPaths, requestPaths, requestsOf };
}

/** `requests` requests spread evenly (round numbers: the remainder goes to the first briefs) over `briefs` briefs. */
export function spread(requests, briefs) {
  return Array.from({ length: briefs }, (_, k) => Math.floor(requests / briefs) + (k < requests % briefs ? 1 : 0));
}

export function removeWorkspace(root) {
  if (!root) return;
  fs.rmSync(root, { recursive: true, force: true });
  live.delete(root);
}
