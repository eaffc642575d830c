// Generates a throw-away workspace for the benchmarks: the example's compiled brief and N copies
// of its valid request, each with its own request_id (and the callback URL that names it, so
// every copy stays free of problems; request_id is not a key input, so the key still holds).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../examples/checkout-service/.alloy/', import.meta.url));
export const BRIEF_NAME = 'brief_01HZ_CHECKOUT_PAYMENT.yaml';
const EXAMPLE_REQUEST_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';

/** Workspaces not yet removed; removed on exit too, so an abandoned run leaves nothing behind. */
const live = new Set();
process.on('exit', () => {
  for (const root of live) fs.rmSync(root, { recursive: true, force: true });
});

export function exampleBriefText() {
  return fs.readFileSync(path.join(EXAMPLE, 'briefs', BRIEF_NAME), 'utf8');
}

export function exampleRequestText() {
  return fs.readFileSync(path.join(EXAMPLE, 'requests', 'checkout-payment.json'), 'utf8');
}

export function requestId(index) {
  return `runreq_BENCH_${String(index).padStart(6, '0')}`;
}

/**
 * Writes `<root>/.alloy/briefs/<brief>` and `requestCount` requests under `<root>/.alloy/requests/`.
 * Returns the root and the request paths, in order.
 */
export function createBenchWorkspace(requestCount, label) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `alloy-bench-${label}-`));
  live.add(root);
  const briefs = path.join(root, '.alloy', 'briefs');
  const requests = path.join(root, '.alloy', 'requests');
  fs.mkdirSync(briefs, { recursive: true });
  fs.mkdirSync(requests, { recursive: true });
  const briefPath = path.join(briefs, BRIEF_NAME);
  fs.writeFileSync(briefPath, exampleBriefText());
  const template = exampleRequestText();
  if (!template.includes(EXAMPLE_REQUEST_ID)) throw new Error('the example request no longer names its request_id');
  const requestPaths = [];
  for (let i = 1; i <= requestCount; i++) {
    const file = path.join(requests, `request-${String(i).padStart(6, '0')}.json`);
    fs.writeFileSync(file, template.split(EXAMPLE_REQUEST_ID).join(requestId(i)));
    requestPaths.push(file);
  }
  return { root, briefPath, requestPaths };
}

export function removeWorkspace(root) {
  if (!root) return;
  fs.rmSync(root, { recursive: true, force: true });
  live.delete(root);
}
