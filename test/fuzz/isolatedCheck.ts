// A check's CPU time measured in a process that does nothing else: the fuzz route's second
// measure of a file whose check went over its budget in the long-lived fuzz process, where the
// collections of that process's own heap (hundreds of MB of earlier batches) land in any
// measurement. Run as `node --single-threaded --import tsx isolatedCheck.ts` with the file as JSON
// on stdin: two checks unmeasured (compiling the code), then five measured, each on a fresh
// workspace; prints the least, and for YAML the `yaml` package reads, the least of five parses.

import { checkCpuMs, readByYamlPackage } from './coreWorkspace';
import type { FuzzFile } from './arbitraries';
import { yamlParseCpuMs } from '../support/yamlParseCost';

export interface IsolatedCpu {
  checkMs: number;
  yamlParseMs?: number;
}

function measure(file: FuzzFile): IsolatedCpu {
  for (let i = 0; i < 2; i++) checkCpuMs(file);
  let checkMs = Infinity;
  for (let i = 0; i < 5; i++) checkMs = Math.min(checkMs, checkCpuMs(file));
  if (!readByYamlPackage(file)) return { checkMs };
  yamlParseCpuMs(file.text);
  let yamlParseMs = Infinity;
  for (let i = 0; i < 5; i++) yamlParseMs = Math.min(yamlParseMs, yamlParseCpuMs(file.text));
  return { checkMs, yamlParseMs };
}

if (require.main === module) {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const file = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FuzzFile;
    process.stdout.write(JSON.stringify(measure(file)));
  });
}
