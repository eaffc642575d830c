// SPEC §7.2's table of answers: what one HTTP status (and its headers) means for a submission.
// 201/202 accepted; 200 + Idempotent-Replayed or 409 already submitted; 400/422 rejected with the
// problem details; 401/403 auth needed; 429/503 retry after; other 5xx retry; 3xx not followed.

import { problemWords, type ProblemWords } from './problemDetails';
import { parseRetryAfter, type RetryAfter } from './retryAfter';

export type Verdict =
  | { kind: 'accepted'; status: number }
  | { kind: 'already-submitted'; status: number; replayed: boolean }
  | { kind: 'rejected'; status: number; problem: ProblemWords }
  | { kind: 'auth-needed'; status: number; problem: ProblemWords }
  | { kind: 'retry-after'; status: number; retryAfter?: RetryAfter }
  | { kind: 'retry'; status: number }
  | { kind: 'redirect'; status: number; location?: string };

export function classifyResponse(status: number, headers: Readonly<Record<string, string>>, body: string): Verdict {
  if (status === 200 && (headers['idempotent-replayed'] ?? '').trim().toLowerCase() === 'true') {
    return { kind: 'already-submitted', status, replayed: true };
  }
  if (status === 409) return { kind: 'already-submitted', status, replayed: false };
  // 201 and 202 are the documented answers; another 2xx still says the request was taken.
  if (status >= 200 && status < 300) return { kind: 'accepted', status };
  if (status >= 300 && status < 400) return { kind: 'redirect', status, location: headers['location'] };
  if (status === 401 || status === 403) return { kind: 'auth-needed', status, problem: problemWords(headers, body) };
  if (status === 429 || status === 503) return { kind: 'retry-after', status, retryAfter: parseRetryAfter(headers['retry-after']) };
  // 408 (request timeout) is the server saying "try again"; 5xx are the server's own trouble.
  if (status === 408 || status >= 500) return { kind: 'retry', status };
  // 400, 422 and every other client error: the request as sent is refused; sending it again would not help.
  return { kind: 'rejected', status, problem: problemWords(headers, body) };
}
