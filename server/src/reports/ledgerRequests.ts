// The run requests the ledger knows (SPEC §7.4), as the receiver needs them: which ids may report,
// and under which repository root their reports are filed. Built from the ledger's lines, so a
// callback for an id that was never submitted from this machine is a 404.

import type { LedgerEntry } from '../submission';

export interface LedgerRequest {
  requestId: string;
  /** The repository root of the latest submission of this id: its reports go under `<root>/.alloy/reports/`. */
  root: string;
  requestFile: string;
  callbackUrl?: string;
}

/** Each request id with a `pending` line, described by its latest one. */
export function knownRequestsOf(ledger: readonly LedgerEntry[]): Map<string, LedgerRequest> {
  const known = new Map<string, LedgerRequest>();
  for (const entry of ledger) {
    if (entry.type !== 'pending') continue;
    known.set(entry.requestId, {
      requestId: entry.requestId,
      root: entry.root,
      requestFile: entry.requestFile,
      callbackUrl: entry.callbackUrl,
    });
  }
  return known;
}
