// `alloy check` and friends, over the same analysis core as the server.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlloyWorkspace } from '../core/alloyWorkspace';
import { nodeFileSystem } from '../core/nodeFileSystem';

interface Output {
  write(text: string): unknown;
}

function collect(target: string, out: string[]): void {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    out.push(path.resolve(target));
    return;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) collect(child, out);
    else if (/(^|[\\/])\.alloy[\\/]/.test(child) && /\.(json|ya?ml)$/i.test(entry.name)) out.push(path.resolve(child));
  }
}

export function runCli(args: string[], stdout: Output, stderr: Output): number {
  const [command, ...rest] = args;
  if (command !== 'check') {
    stderr.write('usage: alloy check [paths…]\n');
    return 2;
  }
  const files: string[] = [];
  for (const target of rest.length ? rest : ['.']) collect(target, files);
  const workspace = new AlloyWorkspace(nodeFileSystem, [process.cwd()]);
  let errors = 0;
  for (const file of files.sort()) {
    for (const d of workspace.check(file).diagnostics) {
      if (d.severity === 'error') errors++;
      stdout.write(`${path.relative(process.cwd(), file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}
