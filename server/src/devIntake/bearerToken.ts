// Checks `Authorization: Bearer <token>` against the intake's token in constant time. The messages
// say what is wrong without ever repeating either token.

import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenCheck = { ok: true } | { ok: false; message: string };

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function checkBearerToken(expected: string | undefined, authorization: string | undefined): TokenCheck {
  if (expected === undefined) return { ok: true };
  if (authorization === undefined || authorization.trim() === '') {
    return { ok: false, message: 'This intake requires a token: send Authorization: Bearer <token>.' };
  }
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (!match) return { ok: false, message: 'The Authorization header is not of the form "Bearer <token>".' };
  // Equal-length digests make the comparison independent of the tokens' lengths.
  if (!timingSafeEqual(digestOf(match[1]), digestOf(expected))) {
    return { ok: false, message: "The bearer token is not this intake's token." };
  }
  return { ok: true };
}
