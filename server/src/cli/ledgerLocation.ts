// Which ledger file the submission commands use (SPEC §7.4): $ALLOY_LEDGER, else
// $XDG_STATE_HOME/alloy/ledger.jsonl, else ~/.local/state/alloy/ledger.jsonl, from the injected
// environment and home folder; a bad ALLOY_LEDGER is a usage problem, never a silent default.

import { ledgerPath } from '../submission';
import type { CliRuntime } from './cliRuntime';

export type LedgerLocation = { ok: true; path: string } | { ok: false; problem: string };

export function ledgerLocationOf(runtime: Pick<CliRuntime, 'env' | 'home'>): LedgerLocation {
  const found = ledgerPath(runtime.env, runtime.home);
  return found.ok ? { ok: true, path: found.path } : { ok: false, problem: `no ledger can be used: ${found.reason}` };
}
