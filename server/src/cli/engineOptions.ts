// The engine options of one `alloy submit` or `alloy resend`, from its command line and the
// injected environment: the token from ALLOY_TOKEN (handed to the engine, never printed), the
// attempt budget and timeout, the foundry executable, Ctrl-C as the cancel signal, and progress.

import type { EngineOptions, SubmitProgress } from '../submission';
import type { CliRuntime } from './cliRuntime';
import type { SendOptions } from './submitArguments';

/** The engine's floor for one `foundry emit` run. */
const MIN_CLI_TIMEOUT_MS = 1000;

export function engineOptionsOf(
  options: SendOptions,
  runtime: Pick<CliRuntime, 'env' | 'signal'>,
  onProgress: (progress: SubmitProgress) => void,
): EngineOptions & { confirmedFull: boolean } {
  const token = runtime.env.ALLOY_TOKEN;
  const retry: NonNullable<EngineOptions['retry']> = {};
  if (options.maxAttempts !== undefined) retry.maxAttempts = options.maxAttempts;
  if (options.timeoutMs !== undefined) retry.attemptTimeoutMs = options.timeoutMs;
  return {
    ...(token === undefined || token === '' ? {} : { token }),
    retry,
    ...(options.timeoutMs !== undefined && options.timeoutMs >= MIN_CLI_TIMEOUT_MS ? { cliTimeoutMs: options.timeoutMs } : {}),
    ...(options.foundryPath === undefined ? {} : { foundryCliPath: options.foundryPath }),
    ...(runtime.signal === undefined ? {} : { signal: runtime.signal }),
    onProgress,
    confirmedFull: options.yes,
  };
}
