// "Offering a diff of the submitted bytes against the file" (SPEC §7.1) for the CLI: when a key was
// already submitted with other bytes, the recorded bytes of that submission against the file as it
// is now, as a unified diff on stderr.

import { submittedBytes, utcMinute, type Refusal, type SubmissionPorts } from '../submission';
import type { CliRuntime } from './cliRuntime';
import { unifiedDiff } from './lineDiff';

export async function submittedDiffLines(
  refusal: Extract<Refusal, { kind: 'key-reused' }>,
  file: string,
  shown: string,
  ports: Pick<SubmissionPorts, 'ledger'>,
  host: CliRuntime['host'],
): Promise<string[]> {
  const recorded = await submittedBytes(refusal.submission, ports);
  const current = host.readFile(file);
  if (!recorded.ok) return [`the submitted bytes cannot be shown: ${recorded.reason}`];
  if (!current.ok) return [];
  const submittedAt = utcMinute(refusal.submittedAt);
  const diff = unifiedDiff(new TextDecoder().decode(recorded.bytes), current.text, {
    before: `submitted at ${submittedAt} (${refusal.submission})`,
    after: shown,
  });
  return diff.length === 0 ? [] : [`the bytes submitted at ${submittedAt} against ${shown}:`, ...diff];
}
