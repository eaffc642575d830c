// What the fuzz tests share: the fixed seed (FUZZ_SEED in the environment replays another), and
// a failure's description — the seed, the input as data, and the file it made, escaped.

import fc from 'fast-check';
import type { FuzzFile, FuzzInput } from './arbitraries';

/** The seed of every fuzz test; `FUZZ_SEED=<n>` runs them with another. */
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20260606;

/** A text shown escaped and shortened (inputs may hold control characters and megabytes). */
export function preview(text: string, limit = 600): string {
  const shown = text.length > limit ? text.slice(0, limit) + `… (${text.length} characters)` : text;
  return JSON.stringify(shown);
}

export function describeFailure(input: FuzzInput | FuzzInput[], file: FuzzFile | undefined, failures: string[]): string {
  const inputText = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v));
  return [
    `fuzz failure (seed ${FUZZ_SEED}):`,
    ...failures.map((f) => `  - ${f}`),
    `  input: ${inputText}`,
    ...(file ? [`  file ${file.path}: ${preview(file.text)}`] : []),
  ].join('\n');
}

/**
 * Runs a property with the fixed seed and fails with the seed, the path to replay it and the
 * property's own message (fast-check's report leaves the message out).
 */
export function checkProperty<T>(property: fc.IProperty<T>, numRuns: number, endOnFailure = false): void {
  const details = fc.check(property, { seed: FUZZ_SEED, numRuns, endOnFailure });
  if (!details.failed) return;
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n${message}`,
  );
}

export async function checkAsyncProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { seed: FUZZ_SEED, numRuns, endOnFailure: true });
  if (!details.failed) return;
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n${message}`,
  );
}
