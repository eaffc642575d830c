// `alloy digest <brief>`: the brief's digest (SPEC §4), computed by the core.

import { briefDigest, type JsonValue } from '../core';
import { displayPath } from './displayPath';
import { loadSingleFile, reportNotJsonData } from './loadSingleFile';
import type { CliRuntime } from './cliRuntime';
import type { Output } from './output';
import { visibleText } from '../submission';

export function runDigest(file: string, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): number {
  const loaded = loadSingleFile(file, cwd, stderr, runtime);
  if (!loaded.ok) return loaded.exitCode;
  const { analysis } = loaded;
  if (!analysis.isJsonData) {
    reportNotJsonData(analysis, 'it has no digest', cwd, stderr, runtime);
    return 1;
  }
  if (analysis.kind !== undefined && analysis.kind !== 'brief') {
    stderr.write(`alloy: ${visibleText(displayPath(analysis.path, cwd))} is not a Formation Brief (it reads as a ${analysis.kind})\n`);
    return 1;
  }
  // A file without a recognisable schema_version outside .alloy/briefs/ is digested as a brief all the same.
  stdout.write(`${analysis.digest ?? briefDigest(analysis.value as JsonValue)}\n`);
  return 0;
}
