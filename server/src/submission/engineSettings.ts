// The caller's settings for one engine call, checked once: the retry policy, the re-send window,
// the CLI timeout and the token (a line break in it would split a header). Bad values become a
// `bad-setting` refusal naming the setting, never a crash or a silent default.

import type { TransportName } from './ledgerEntry';
import { DEFAULT_RESEND_WINDOW_MS } from './ledgerDecision';
import type { Refusal } from './refusal';
import { retryPolicyOf, type RetryPolicy } from './retryPolicy';
import { secretScrubber, type Scrub } from './secretScrub';
import type { SubmitProgress } from './submitResult';

export const DEFAULT_CLI_TIMEOUT_MS = 120_000;

/** What every engine call (submit, recover, resend) takes. */
export interface EngineOptions {
  /** The API token, sent as `Authorization: Bearer …`; never recorded or shown. */
  token?: string;
  retry?: Partial<RetryPolicy>;
  /** Interrupted submissions younger than this are re-sent automatically (default 24 h). */
  resendWindowMs?: number;
  /** `foundry` executable for the CLI transport (default `foundry`, found on PATH). */
  foundryCliPath?: string;
  /** Limit for one `foundry emit` run (default 2 min). */
  cliTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SubmitProgress) => void;
}

export interface EngineSettings {
  policy: RetryPolicy;
  resendWindowMs: number;
  cliTimeoutMs: number;
  foundryCliPath: string;
  token?: string;
  scrub: Scrub;
}

function wholeNumber(value: number | undefined, fallback: number, min: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export function engineSettings(options: EngineOptions): { ok: true; settings: EngineSettings } | { ok: false; refusal: Refusal } {
  const bad = (setting: string, reason: string) => ({ ok: false as const, refusal: { kind: 'bad-setting' as const, setting, reason } });
  const retry = retryPolicyOf(options.retry);
  if (!retry.ok) return bad(`the retry setting ${retry.setting}`, retry.reason);
  const resendWindowMs = wholeNumber(options.resendWindowMs, DEFAULT_RESEND_WINDOW_MS, 0, 365 * 86_400_000);
  if (resendWindowMs === undefined) return bad('the re-send window', `must be a whole number of milliseconds from 0 to one year`);
  const cliTimeoutMs = wholeNumber(options.cliTimeoutMs, DEFAULT_CLI_TIMEOUT_MS, 1000, 3_600_000);
  if (cliTimeoutMs === undefined) return bad('the foundry CLI timeout', 'must be a whole number of milliseconds from 1000 to 3600000');
  const foundryCliPath = options.foundryCliPath ?? 'foundry';
  if (foundryCliPath.trim() === '' || foundryCliPath.includes('\0')) return bad('alloy.foundry.cliPath', 'is empty or not a path');
  const token = options.token === '' ? undefined : options.token;
  if (token !== undefined && (/[\u0000-\u001f\u007f]/.test(token) || token.trim() !== token)) {
    return bad(
      'the API token',
      'contains a line break, a control character or surrounding blanks (it would corrupt the Authorization header); set it again',
    );
  }
  // A bearer token is visible ASCII (RFC 6750 b64token is narrower still): a pasted typographic
  // quote or an inner space could never reach Foundry intact, so it is refused before anything is sent.
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    return bad('the API token', 'contains a space or a character outside visible ASCII, which an HTTP header cannot carry; set it again');
  }
  const scrub = secretScrubber([token]);
  return {
    ok: true,
    settings: { policy: retry.policy, resendWindowMs, cliTimeoutMs, foundryCliPath, ...(token === undefined ? {} : { token }), scrub },
  };
}

export function isTransportName(value: unknown): value is TransportName {
  return value === 'http' || value === 'foundry-cli';
}
