// `npm run fuzz -- --count N --seconds S [--seed X] [--batch B]`: the fuzz properties of the test
// suite for as long as asked. Batch k (seed X + k) of B inputs goes through the CLI and the server
// (processRoutes.ts: the CLI's JSON and text, the server's start-up scan, then every file opened,
// changed in full and incrementally, and server = CLI on the final texts); each of its inputs, and
// each editor text, also goes through the core (coreRoute.ts), and every fourth through `alloy fix`
// (fixRoute.ts). It stops after N inputs through the CLI and the server or S seconds, whichever
// comes first, prints each failure (with the seed and batch that replay it) and a summary, and
// exits 1 on any failure. Its inputs include thousands of members in one object, which the
// suite's leave out (arbitraries.ts says why). Needs a build; runs with `node --import tsx`.
// It runs with V8's helper threads off (`--single-threaded`, added by starting itself again):
// the CPU budget of a check (coreRoute.ts) is the process's CPU time, and on a 2-core machine the
// parallel collector's helper threads added 40–60% to it without doing more of the check's work;
// with them off, every collection is done, and counted, on the thread that checks.

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { editorScriptArb, fuzzBatchArb, materialize, type FuzzInput } from './arbitraries';
import { checkThroughCore } from './coreRoute';
import { CORE_CANARY } from './coreWorkspace';
import { checkThroughFix, FuzzRepository } from './fixRoute';
import { preview } from './fuzzRun';
import { checkBatchThroughPrograms } from './processRoutes';

interface Options {
  count: number;
  seconds: number;
  seed: number;
  batch: number;
}

function parseOptions(args: string[]): Options {
  const options: Options = { count: 1000, seconds: 60, seed: 20260606, batch: 48 };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    const value = Number(args[i + 1]);
    const key = ({ '--count': 'count', '--seconds': 'seconds', '--seed': 'seed', '--batch': 'batch' } as const)[name];
    if (!key || !Number.isFinite(value) || value < 0) {
      process.stderr.write(
        `fuzz: unknown option or bad value: ${name} ${args[i + 1] ?? ''}\nusage: npm run fuzz -- --count N --seconds S [--seed X] [--batch B]\n`,
      );
      process.exit(2);
    }
    options[key] = Math.floor(value);
    i++;
  }
  return options;
}

/** A route's failures, or the route's own error as one. */
function routeFailures(run: () => string[]): string[] {
  try {
    return run();
  } catch (error) {
    return [`the route itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
}

async function routeFailuresAsync(run: () => Promise<string[]>): Promise<string[]> {
  try {
    return await run();
  } catch (error) {
    return [`the route itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
}

interface RouteFigures {
  inputs: number;
  failures: number;
  ms: number;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const routes: Record<'programs' | 'core' | 'fix', RouteFigures> = {
    programs: { inputs: 0, failures: 0, ms: 0 },
    core: { inputs: 0, failures: 0, ms: 0 },
    fix: { inputs: 0, failures: 0, ms: 0 },
  };
  const seen = new Map<string, number>();
  let failed = 0;
  const report = (route: string, where: string, failures: string[], input?: FuzzInput) => {
    for (const failure of failures) {
      failed++;
      // Each kind of failure is printed in full once, then counted.
      const shape = `${route}: ${failure.replace(/\d+/g, 'N').slice(0, 120)}`;
      const times = (seen.get(shape) ?? 0) + 1;
      seen.set(shape, times);
      if (times === 1)
        process.stdout.write(
          `FAIL ${route} ${where}: ${failure.slice(0, 3000)}${input ? `\n  input: ${preview(JSON.stringify(input), 2000)}` : ''}\n`,
        );
    }
  };

  const fixRepository = new FuzzRepository();
  let batchIndex = 0;
  try {
    while (routes.programs.inputs < options.count && Date.now() < deadline) {
      const seed = options.seed + batchIndex;
      const where = `(seed ${options.seed}, batch ${batchIndex})`;
      const [[batch, scripts]] = fc.sample(
        fc.tuple(
          fuzzBatchArb(options.batch, options.batch, { manyMembers: true }),
          fc.array(editorScriptArb({ manyMembers: true }), { minLength: options.batch, maxLength: options.batch }),
        ),
        {
          seed,
          numRuns: 1,
        },
      );
      batchIndex++;

      let t = Date.now();
      try {
        const result = await checkBatchThroughPrograms(batch, scripts, 'editor');
        routes.programs.inputs += batch.length + scripts.length;
        report('cli+server', where, result.failures);
        routes.programs.failures += result.failures.length;
      } catch (error) {
        report('cli+server', where, [
          `the route itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ]);
        routes.programs.failures++;
      }
      routes.programs.ms += Date.now() - t;

      t = Date.now();
      for (const [i, input] of [...batch, ...scripts.map((s) => s.editor)].entries()) {
        const failures = routeFailures(() => checkThroughCore(materialize(input, i, CORE_CANARY)));
        routes.core.inputs++;
        routes.core.failures += failures.length;
        report('core', `${where} input ${i}`, failures, input);
      }
      routes.core.ms += Date.now() - t;

      t = Date.now();
      for (const [i, input] of batch.entries()) {
        if (i % 4 !== 0) continue;
        const failures = await routeFailuresAsync(() => checkThroughFix(fixRepository, materialize(input, i, fixRepository.canary)));
        routes.fix.inputs++;
        routes.fix.failures += failures.length;
        report('fix', `${where} input ${i}`, failures, input);
      }
      routes.fix.ms += Date.now() - t;

      const elapsed = (Date.now() - started) / 1000;
      process.stdout.write(
        `batch ${batchIndex}: ${routes.programs.inputs} inputs through the CLI and the server, ${routes.core.inputs} through the core, ` +
          `${routes.fix.inputs} through alloy fix, ${failed} failures, ${elapsed.toFixed(0)} s\n`,
      );
    }
  } finally {
    fixRepository.dispose();
  }

  const seconds = (Date.now() - started) / 1000;
  const rate = (r: RouteFigures) => (r.ms > 0 ? ((r.inputs * 1000) / r.ms).toFixed(1) : '-');
  process.stdout.write(
    [
      '',
      `fuzz summary (seed ${options.seed}, ${batchIndex} batches of ${options.batch}, ${seconds.toFixed(0)} s):`,
      `  CLI + server: ${routes.programs.inputs} inputs, ${routes.programs.failures} failures, ${rate(routes.programs)} inputs/s`,
      `  core:         ${routes.core.inputs} inputs, ${routes.core.failures} failures, ${rate(routes.core)} inputs/s`,
      `  alloy fix:    ${routes.fix.inputs} inputs, ${routes.fix.failures} failures, ${rate(routes.fix)} inputs/s`,
      `  failures: ${failed}${seen.size > 0 ? ` (${seen.size} kinds)` : ''}`,
      '',
    ].join('\n'),
  );
  return failed > 0 ? 1 : 0;
}

if (!process.execArgv.includes('--single-threaded')) {
  const again = spawnSync(process.execPath, ['--single-threaded', ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 2);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
