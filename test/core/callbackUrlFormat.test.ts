// The callback URL format's fast answer (plain https and loopback URLs matched by pattern) is the
// URL parser's answer: on generated URL-like texts built from the pieces where the two could part
// (hosts that look like IPv4 or Punycode, ports past 65535, odd characters), and on named cases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isCallbackUrl, isCallbackUrlParsed } from '../../server/src/core/schema/formats';

const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', 'http:', 'ftp://', 'https:/', '');
const label = fc.oneof(
  fc.constantFrom('a', 'example', 'xn--zz', 'xn--', '0x1', '1', '255', '-a', 'a-', 'localhost', '127', '0', 'A', 'ä', ''),
  fc.stringMatching(/^[a-z0-9-]{1,8}$/),
);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
  fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '127.0.0.1.', 'localhost.', '127.1', '0177.0.0.1'),
);
const port = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 0, max: 99999 }).map((n) => `:${n}`),
  fc.constantFrom(':', ':00080', ':-1', ':1e3'),
);
const pathPart = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^(\/[A-Za-z0-9._~-]{0,6}){1,4}$/),
  fc.constantFrom('/a b', '/%zz', '/?q=1', '/#f', '\\x', '/ä', '//x'),
);

describe('the callback URL format', () => {
  test('the fast answer is the URL parser’s on 20,000 generated texts', () => {
    fc.assert(
      fc.property(scheme, host, port, pathPart, (s, h, p, q) => {
        const text = s + h + p + q;
        assert.equal(isCallbackUrl(text), isCallbackUrlParsed(text), text);
      }),
      { numRuns: 20_000, seed: 29 },
    );
  });

  test('named cases', () => {
    const cases: [string, boolean][] = [
      ['https://foundry.example.com/api/run-requests/r1/completed', true],
      ['http://127.0.0.1:47311/api/run-requests/r1/completed', true],
      ['http://localhost/x', true],
      ['http://example.com/x', false],
      ['https://a:99999/x', false],
      ['https://xn--zz.example/x', false],
      ['https://a.0x1/', false],
      ['https://[::1]:8443/x', true],
    ];
    for (const [text, expected] of cases) {
      assert.equal(isCallbackUrl(text), expected, text);
      assert.equal(isCallbackUrlParsed(text), expected, text);
    }
  });
});
