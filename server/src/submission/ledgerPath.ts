// Where the shared ledger lives (SPEC §7.4), from an injected environment and home folder:
// $ALLOY_LEDGER, else $XDG_STATE_HOME/alloy/ledger.jsonl, else <home>/.local/state/alloy/ledger.jsonl.

import * as path from 'node:path';
import type { Env } from './ports';

export type LedgerPathSource = 'ALLOY_LEDGER' | 'XDG_STATE_HOME' | 'home';

export type LedgerPath = { ok: true; path: string; source: LedgerPathSource } | { ok: false; reason: string };

export function ledgerPath(env: Env, home: string): LedgerPath {
  const explicit = env.ALLOY_LEDGER;
  if (explicit !== undefined && explicit !== '') {
    if (!path.isAbsolute(explicit)) {
      return {
        ok: false,
        reason: `ALLOY_LEDGER must be an absolute path, not "${explicit}" (a relative one would change with the folder you run in)`,
      };
    }
    return { ok: true, path: path.normalize(explicit), source: 'ALLOY_LEDGER' };
  }
  // The XDG Base Directory spec: a relative XDG_STATE_HOME is invalid and is ignored.
  const state = env.XDG_STATE_HOME;
  if (state !== undefined && path.isAbsolute(state)) {
    return { ok: true, path: path.join(state, 'alloy', 'ledger.jsonl'), source: 'XDG_STATE_HOME' };
  }
  if (home === '' || !path.isAbsolute(home)) {
    return { ok: false, reason: 'no home folder is known; set ALLOY_LEDGER to an absolute path' };
  }
  return { ok: true, path: path.join(home, '.local', 'state', 'alloy', 'ledger.jsonl'), source: 'home' };
}
