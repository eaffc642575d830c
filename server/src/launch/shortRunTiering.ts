// V8's tiering for a process that lives a second or less: the CLI (`dist/cli.js`), not the
// language server. V8 counts the bytecode a function runs against an interrupt budget and, each
// time it is spent, weighs sending the function to TurboFan, its optimising compiler. A CLI check
// is all warm-up: with the default budget (67,584) TurboFan compiles, on helper threads, functions
// that run a few hundred times more before the process exits, and those compiles cost more than
// they save. Eight times the budget leaves only the truly hot functions to it. Measured on Node 20
// (2 cores, 7 alternated runs each, whole-process CPU medians): `alloy check` of 2,000 requests +
// 200 briefs 350 → 230 ms, of 10,000 + 1,000 770 → 710 ms; the helper threads' share at 10,000 +
// 1,000 fell from ≈ 250 to ≈ 80 ms. `--no-opt` (no TurboFan at all) was as good at 2,000 + 200
// and 20% worse at 10,000 + 1,000. `v8.setFlagsFromString` is safe for this flag, a number read
// each time a budget is reset; it is not for every flag (`--single-threaded-gc` set at run time
// crashed V8 in a GC), so nothing else is set this way. The flags are part of V8's flag hash, so
// the CLI's code cache is made and taken under them (launch/nodeCodeCache.ts).

/** The V8 flags a short-lived process sets on itself, before it loads its bundle. */
export const SHORT_RUN_V8_FLAGS: readonly string[] = ['--interrupt-budget=540672'];

/** A V8 flag's name as V8 reads it: `--interrupt_budget=1` and `--interrupt-budget` are one flag. */
function flagName(argument: string): string {
  return argument.split('=')[0].replace(/_/g, '-');
}

/**
 * Sets each of `SHORT_RUN_V8_FLAGS` through `setFlags` (`v8.setFlagsFromString`) unless the
 * process was started with that flag (`execArgv`: what the user chose wins). Returns the flags set.
 */
export function applyShortRunTiering(execArgv: readonly string[], setFlags: (flags: string) => void): string[] {
  const given = new Set(execArgv.map(flagName));
  const applied = SHORT_RUN_V8_FLAGS.filter((flag) => !given.has(flagName(flag)));
  for (const flag of applied) setFlags(flag);
  return applied;
}
