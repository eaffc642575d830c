// The workspace every core property runs on: a memory host holding the example workspace, a
// canary outside the root and the input; and the CPU-time measure of a check on it.

import * as path from 'node:path';
import { AlloyWorkspace, formatOfPath } from '../../server/src/core';
import { fastYamlValue } from '../../server/src/core/document/yamlFastPath';
import { MemoryHost } from '../support/memoryHost';
import { CANARY_TEXT, exampleSources, type FuzzFile } from './arbitraries';

export const CORE_ROOT = '/repo';
export const CORE_CANARY = '/canary/brief.yaml';

export function workspaceWith(file: FuzzFile): { workspace: AlloyWorkspace; host: MemoryHost; target: string } {
  const host = new MemoryHost({}, [CORE_ROOT]);
  for (const source of exampleSources()) host.write(path.posix.join(CORE_ROOT, source.path), source.text);
  host.write(CORE_CANARY, CANARY_TEXT);
  const target = path.posix.join(CORE_ROOT, file.path);
  host.write(target, file.text);
  return { workspace: new AlloyWorkspace(host, [CORE_ROOT]), host, target };
}

/** The process's CPU time (user + system) that `work` took, in ms. */
export function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The CPU time of a check of `file` on a fresh workspace. */
export function checkCpuMs(file: FuzzFile): number {
  const { workspace, target } = workspaceWith(file);
  return cpuMs(() => workspace.check(target));
}

/** Whether the check of a file is held to the `yaml` package's parse of it: YAML the fast path declines. */
export function readByYamlPackage(file: FuzzFile): boolean {
  return formatOfPath(file.path) === 'yaml' && fastYamlValue(file.text) === undefined;
}
