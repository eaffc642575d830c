// V8's tiering for a process that lives a second or less: the CLI (`dist/cli.js`), not the
// language server. V8 counts the bytecode a function runs against an interrupt budget and, each
// time it is spent, weighs sending the function to TurboFan, its optimising compiler. A CLI check
// is all warm-up: with the default budget (67,584) TurboFan compiles, on helper threads, functions
// that run a few hundred times more before the process exits, and those compiles cost more than
// they save. Eight times the budget leaves only the truly hot functions to it. Measured on Node 20 (V8 11.3)
// (2 cores, 7 alternated runs each, whole-process CPU medians): `alloy check` of 2,000 requests +
// 200 briefs 350 → 230 ms, of 10,000 + 1,000 770 → 710 ms; the helper threads' share at 10,000 +
// 1,000 fell from ≈ 250 to ≈ 80 ms. `--no-opt` (no TurboFan at all) was as good at 2,000 + 200
// and 20% worse at 10,000 + 1,000. `v8.setFlagsFromString` is safe for this flag, a number read
// each time a budget is reset; it is not for every flag (`--single-threaded-gc` set at run time
// crashed V8 in a GC), so nothing else is set this way. The flags are part of V8's flag hash, so
// the CLI's code cache is made and taken under them (launch/nodeCodeCache.ts).
//
// V8 12 (Node 22) replaced the budget with invocation counts (`--invocation-count-for-turbofan`),
// and there `--interrupt-budget` is an unknown flag: set at run time, V8 prints "Error:
// unrecognized flag" on stderr, which broke `alloy check`'s output under Node 24. So the flags
// depend on the running V8's major version, and a V8 this was not measured on gets none: its
// default tiering is slower for a short run, never wrong.

/** The interrupt budget for a short run: eight times V8 11's default of 67,584. */
const V8_11_FLAGS: readonly string[] = ['--interrupt-budget=540672'];

/** The V8 flags a short-lived process sets on itself before it loads its bundle, for V8 `version` (`process.versions.v8`). */
export function shortRunV8Flags(version: string): readonly string[] {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return major === 11 ? V8_11_FLAGS : [];
}

/** A V8 flag's name as V8 reads it: `--interrupt_budget=1` and `--interrupt-budget` are one flag. */
function flagName(argument: string): string {
  return argument.split('=')[0].replace(/_/g, '-');
}

/**
 * Sets each of the short-run flags of V8 `version` through `setFlags` (`v8.setFlagsFromString`)
 * unless the process was started with that flag (`execArgv`: what the user chose wins). Returns
 * the flags set.
 */
export function applyShortRunTiering(execArgv: readonly string[], version: string, setFlags: (flags: string) => void): string[] {
  const given = new Set(execArgv.map(flagName));
  const applied = shortRunV8Flags(version).filter((flag) => !given.has(flagName(flag)));
  for (const flag of applied) setFlags(flag);
  return applied;
}
