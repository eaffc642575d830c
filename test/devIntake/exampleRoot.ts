// A temporary copy of examples/checkout-service for the intake tests, with the valid request's
// callback_url pointed where a test wants it (reporting is outside the key, so the key stays valid).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'checkout-service');
const ORIGINAL_CALLBACK = 'http://127.0.0.1:47311/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed';

export const PAYMENT_KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
export const PAYMENT_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
export const PAYMENT_DIGEST = 'sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa';

export interface ExampleRoot {
  root: string;
  /** The bytes of .alloy/requests/<name>.json. */
  request(name: string): Buffer;
  /** The valid request with reporting.callback_url replaced, or removed when `url` is null. */
  paymentRequest(url: string | null): Buffer;
  remove(): void;
}

export function makeTempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function makeExampleRoot(): ExampleRoot {
  const root = path.join(makeTempDir('alloy-intake-root-'), 'checkout-service');
  fs.cpSync(EXAMPLE, root, { recursive: true });
  const request = (name: string): Buffer => fs.readFileSync(path.join(root, '.alloy', 'requests', `${name}.json`));
  return {
    root,
    request,
    paymentRequest(url) {
      const text = request('checkout-payment').toString('utf8');
      if (!text.includes(ORIGINAL_CALLBACK)) throw new Error('the example request changed: its callback_url is not the expected one');
      if (url !== null) return Buffer.from(text.replace(ORIGINAL_CALLBACK, url), 'utf8');
      const value = JSON.parse(text) as Record<string, unknown>;
      delete value.reporting;
      return Buffer.from(JSON.stringify(value, null, 2), 'utf8');
    },
    remove() {
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    },
  };
}
