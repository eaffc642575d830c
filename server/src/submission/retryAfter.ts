// The `Retry-After` header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Parsed here, turned
// into a wait against the injected clock by the retry policy.

export type RetryAfter = { kind: 'seconds'; seconds: number } | { kind: 'date'; at: number };

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, the obsolete RFC 850 form, and asctime (RFC 9110 §5.6.7). */
const IMF_FIXDATE = `${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT`;
const RFC_850 = `${WEEKDAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT`;
const ASCTIME = `${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}`;
const HTTP_DATE = new RegExp(`^(?:${IMF_FIXDATE}|${RFC_850}|${ASCTIME})$`);

/** `undefined` when the header is absent or malformed (the policy then backs off as for a 5xx). */
export function parseRetryAfter(value: string | undefined): RetryAfter | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return { kind: 'seconds', seconds: Number(trimmed) };
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const at = Date.parse(trimmed.endsWith('GMT') ? trimmed : trimmed + ' GMT');
  return Number.isNaN(at) ? undefined : { kind: 'date', at };
}

/** The wait it asks for, from `now`; a date in the past means "now". */
export function retryAfterMs(retryAfter: RetryAfter, now: number): number {
  return retryAfter.kind === 'seconds' ? retryAfter.seconds * 1000 : Math.max(0, retryAfter.at - now);
}
