// What to watch so that the ledger's appearance is seen: the ledger file in its folder when that
// folder exists, else the next missing folder on the way to it, in the nearest folder that exists.
// A watcher on a folder that does not exist yet never fires (VS Code's and the OS's alike), and
// the usual ledger folder, ~/.local/state/alloy/, is made by the first submit, which may be an
// `alloy submit` in a terminal while this window is open. Each step is a non-recursive watch of
// one name; when that name appears, the watch moves one step closer.

import * as path from 'node:path';

export interface WatchTarget {
  /** The folder to watch (it exists). */
  folder: string;
  /** The one name in it to watch. */
  name: string;
  /** True when `name` is the ledger file itself; false when it is a folder on the way to it. */
  isLedger: boolean;
}

/** The watch for `ledgerFile` (absolute), given which folders exist now. */
export async function ledgerWatchTarget(ledgerFile: string, folderExists: (folder: string) => Promise<boolean>): Promise<WatchTarget> {
  let name = path.basename(ledgerFile);
  let folder = path.dirname(ledgerFile);
  while (path.dirname(folder) !== folder && !(await folderExists(folder))) {
    name = path.basename(folder);
    folder = path.dirname(folder);
  }
  return { folder, name, isLedger: path.join(folder, name) === ledgerFile };
}
