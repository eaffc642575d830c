// `alloy key <request>`: the idempotency key derived from the request's seven inputs (SPEC §5).

import { displayPath } from './displayPath';
import { loadSingleFile, reportNotJsonData } from './loadSingleFile';
import type { CliRuntime } from './cliRuntime';
import type { Output } from './output';
import { visibleText } from '../submission';

const KEY_INPUTS =
  'brief.digest, foundry.entry_event, foundry.payload, project_id, repo.revision, requested_by (optional), foundry.throttle';

export function runKey(file: string, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): number {
  const loaded = loadSingleFile(file, cwd, stderr, runtime);
  if (!loaded.ok) return loaded.exitCode;
  const { analysis } = loaded;
  const shown = displayPath(analysis.path, cwd);
  if (!analysis.isJsonData) {
    reportNotJsonData(analysis, 'no key can be derived', cwd, stderr, runtime);
    return 1;
  }
  if (analysis.kind !== 'request') {
    stderr.write(`alloy: ${visibleText(shown)} is not a Foundry Execution Request\n`);
    return 1;
  }
  if (!analysis.derivedKey) {
    stderr.write(`alloy: ${visibleText(shown)}: a key input is missing or has the wrong type; the key needs ${KEY_INPUTS}\n`);
    return 1;
  }
  stdout.write(`${analysis.derivedKey}\n`);
  return 0;
}
