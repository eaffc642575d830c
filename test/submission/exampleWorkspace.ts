// A temporary copy of examples/checkout-service for tests that submit real request files
// (`checkout-payment.json` is valid; the `broken-*.json` requests have errors), removed afterwards.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const EXAMPLE = path.resolve(__dirname, '../../examples/checkout-service');

export interface ExampleCopy {
  root: string;
  /** Absolute path of a request file under .alloy/requests/. */
  request(name: string): string;
  /** Replaces the text of a request file (and returns its path). */
  writeRequest(name: string, text: string | Uint8Array): string;
  readRequest(name: string): string;
  remove(): void;
}

export function copyExample(): ExampleCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-submit-'));
  fs.cpSync(EXAMPLE, root, { recursive: true });
  const request = (name: string) => path.join(root, '.alloy', 'requests', name);
  return {
    root,
    request,
    writeRequest(name, text) {
      fs.writeFileSync(request(name), text);
      return request(name);
    },
    readRequest: (name) => fs.readFileSync(request(name), 'utf8'),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
