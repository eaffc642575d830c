// A temp copy of examples/checkout-service with as many valid variants of checkout-payment.json as
// a test needs: each changes foundry.payload.max_iterations (a key input), has its own request_id
// (and callback_url), and carries the recomputed key, so every variant is valid and has its own key.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { briefDigest, idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'checkout-service');
const TEMPLATE_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
const TEMPLATE_ITERATIONS = '"max_iterations": 3';
const BRIEF_FILE = path.join('.alloy', 'briefs', 'brief_01HZ_CHECKOUT_PAYMENT.yaml');
const BRIEF_OBJECTIVE = 'without losing the cart.';

export interface RequestVariant {
  file: string;
  bytes: Buffer;
  key: string;
  requestId: string;
  /** `sha256:` + hex, as the engine records it. */
  sha256: string;
  /** The bare hex, as the intake records it. */
  sha256Hex: string;
}

export interface VariantOptions {
  /** Letters, digits or `_`: the request id is `runreq_<tag>_<n>` (unless `edit` changes it). */
  tag: string;
  /** Edits the text before the key is recomputed (a field outside the key, say). */
  edit?: (text: string) => string;
  /** The file name under .alloy/requests/ (default `<tag>-<n>.json`). */
  name?: string;
}

export interface IntegrationWorkspace {
  /** The temp folder holding the copy and anything else the test keeps (ledgers, intake state). */
  base: string;
  /** The repository root (the copy). */
  root: string;
  /** Writes variant `n` (n ≥ 0) and returns its identity. */
  variant(n: number, options: VariantOptions): RequestVariant;
  /** A fresh folder under `base`. */
  folder(name: string): string;
  remove(): void;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The request text with its idempotency_key recomputed from its seven inputs. */
export function withRecomputedKey(text: string): { text: string; key: string } {
  const inputs = keyInputs(JSON.parse(text) as JsonValue);
  if (inputs === undefined) throw new Error('the request lost one of its key inputs');
  const key = idempotencyKey(inputs);
  const replaced = text.replace(/"idempotency_key": "sha256:[0-9a-f]{64}"/, `"idempotency_key": "${key}"`);
  if (replaced === text && !text.includes(key)) throw new Error('the request has no idempotency_key line to replace');
  return { text: replaced, key };
}

export function copyExampleWorkspace(prefix: string): IntegrationWorkspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const root = path.join(base, 'checkout-service');
  fs.cpSync(EXAMPLE, root, { recursive: true });
  const template = fs.readFileSync(path.join(root, '.alloy', 'requests', 'checkout-payment.json'), 'utf8');
  if (!template.includes(TEMPLATE_ITERATIONS) || !template.includes(TEMPLATE_ID)) {
    throw new Error('examples/checkout-service changed: checkout-payment.json no longer has the fields the variants edit');
  }
  return {
    base,
    root,
    variant(n, options) {
      if (!/^[0-9A-Za-z_]+$/.test(options.tag)) throw new Error(`the tag ${JSON.stringify(options.tag)} is not letters, digits or _`);
      const edited = template
        .replace(TEMPLATE_ITERATIONS, `"max_iterations": ${1000 + n}`)
        .split(TEMPLATE_ID)
        .join(`runreq_${options.tag}_${n}`);
      const { text, key } = withRecomputedKey(options.edit ? options.edit(edited) : edited);
      const requestId = (JSON.parse(text) as { request_id: string }).request_id;
      const file = path.join(root, '.alloy', 'requests', options.name ?? `${options.tag}-${n}.json`);
      const bytes = Buffer.from(text, 'utf8');
      fs.writeFileSync(file, bytes);
      const hex = sha256Hex(bytes);
      return { file, bytes, key, requestId, sha256: `sha256:${hex}`, sha256Hex: hex };
    },
    folder(name) {
      const dir = path.join(base, name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    remove: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * Edits the payment brief's mission (so its digest changes), writes the new digest into the brief
 * and into every request text passed through `requestEdit`: the copy is valid on its own, but an
 * intake reading the original brief sees a digest mismatch.
 */
export function editBrief(workspace: IntegrationWorkspace): { digest: string; requestEdit: (text: string) => string } {
  const file = path.join(workspace.root, BRIEF_FILE);
  const original = fs.readFileSync(file, 'utf8');
  const oldDigest = /^digest: (sha256:[0-9a-f]{64})$/m.exec(original)?.[1];
  if (oldDigest === undefined || !original.includes(BRIEF_OBJECTIVE)) throw new Error('the example brief changed: cannot edit its mission');
  const edited = original.replace(BRIEF_OBJECTIVE, 'without losing the cart, even offline.');
  const digest = briefDigest(parseYaml(edited) as JsonValue);
  fs.writeFileSync(file, edited.replace(oldDigest, digest));
  return { digest, requestEdit: (text) => text.split(oldDigest).join(digest) };
}
