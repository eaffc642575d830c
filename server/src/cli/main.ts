// The `alloy` command line: the same checks as the language server, and submitting. The one place
// that reads the process: its arguments, environment, home folder and working directory, and
// Ctrl-C (the first one cancels a send or a wait cleanly; a second one quits at once).

import * as os from 'node:os';
import { runCli } from './alloyCli';
import { parseArguments } from './arguments';
import { isCheckWorker, runCheckWorker } from './nodeCheckWorkers';
import { createNodeCliRuntime } from './nodeCliRuntime';

/** ALLOY_CHECK_THREADS: a whole number of threads for `alloy check` (1: none); anything else is the default. */
function requestedThreads(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,2}$/.test(text) ? Number(text) : undefined;
}

/**
 * An error of ours, not of the files checked: said on stderr, and exit 2 ("could not check", as for a
 * file that cannot be read), never 1, which means "errors found" and would pass a crash off as a result.
 */
const INTERNAL_ERROR_EXIT_CODE = 2;

function reportInternalError(error: unknown): void {
  try {
    process.stderr.write(`alloy: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } catch {
    // stderr is gone too: the exit code still says it.
  }
  process.exitCode = INTERNAL_ERROR_EXIT_CODE;
}

function main(): void {
  // Thrown outside the run's promise (while starting, or from an event handler): the same report,
  // then exit at once, since the state of the run is unknown.
  process.on('uncaughtException', (error) => {
    reportInternalError(error);
    process.exit(INTERNAL_ERROR_EXIT_CODE);
  });
  // A reader that stops early (`alloy check | head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });

  const args = process.argv.slice(2);
  const interrupt = new AbortController();
  const parsed = parseArguments(args);
  // Only sending commands catch Ctrl-C (to record a cancel and close the receiver); a check stops at once.
  if (parsed.ok && (parsed.command.name === 'submit' || parsed.command.name === 'resend')) {
    process.on('SIGINT', () => {
      if (interrupt.signal.aborted) process.exit(130);
      process.stderr.write('alloy: interrupted; stopping (press Ctrl-C again to quit at once)\n');
      interrupt.abort();
    });
  }

  const runtime = createNodeCliRuntime({
    env: process.env,
    home: os.homedir(),
    signal: interrupt.signal,
    checkWorkers: { entry: __filename, threads: requestedThreads(process.env.ALLOY_CHECK_THREADS) },
  });
  runCli(args, process.stdout, process.stderr, process.cwd(), runtime).then(
    (code) => {
      process.exitCode = interrupt.signal.aborted && code !== 0 ? 130 : code;
    },
    (error: unknown) => reportInternalError(error),
  );
}

if (isCheckWorker()) runCheckWorker();
else main();
