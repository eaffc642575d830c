// Keeps `oneOf`/`anyOf` reports readable: of all the branches that failed, only the errors of the
// branch that came closest (fewest errors) are kept, and the combinator's own summary is dropped.

import type { ErrorObject } from 'ajv';

const BRANCH = /^(.*?\/(?:oneOf|anyOf))\/(\d+)(?:\/|$)/;

export function bestBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  // combinator schema path → branch index → number of errors in that branch
  const counts = new Map<string, Map<number, number>>();
  for (const e of errors) {
    // Most errors lie under no combinator (20,000 unknown members are 20,000 errors): no regex for those.
    if (!e.schemaPath.includes('Of/')) continue;
    const m = BRANCH.exec(e.schemaPath);
    if (!m) continue;
    const branches = counts.get(m[1]) ?? new Map<number, number>();
    branches.set(Number(m[2]), (branches.get(Number(m[2])) ?? 0) + 1);
    counts.set(m[1], branches);
  }
  const best = new Map<string, number>();
  for (const [combinator, branches] of counts) {
    const [index] = [...branches].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
    best.set(combinator, index);
  }
  if (counts.size === 0) return [...errors];
  return errors.filter((e) => {
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && counts.has(e.schemaPath)) return false;
    // An error inside nested combinators must lie on the chosen branch of each of them.
    for (const [combinator, index] of best) {
      const prefix = `${combinator}/`;
      if (e.schemaPath.startsWith(prefix)) {
        const branch = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
        if (branch !== index) return false;
      }
    }
    return true;
  });
}
