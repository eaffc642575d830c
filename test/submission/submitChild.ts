// A child process for the cross-process tests: submits one request file through the real Node
// ports (shared ledger file, real lock, real HTTP) and prints the result as one JSON line.
// argv: <ledger path> <request file> <endpoint> [barrier file: print "ready", wait until it exists]

import * as fs from 'node:fs';
import { createNodeSubmissionPorts, submitRequest } from '../../server/src/submission';

async function main(): Promise<void> {
  const [ledgerPath, file, endpoint, barrier] = process.argv.slice(2);
  if (barrier !== undefined) {
    process.stdout.write('ready\n');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(barrier) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ports = createNodeSubmissionPorts({ ledgerPath, env: {}, lockTimeoutMs: 20_000 });
  const result = await submitRequest(file, { endpoint, token: 'tok_child_secret_1' }, ports);
  const summary =
    result.kind === 'sent' ? `sent:${result.outcome}` : result.kind === 'refused' ? `refused:${result.refusal.kind}` : result.kind;
  process.stdout.write(JSON.stringify({ pid: process.pid, summary }) + '\n');
}

main().catch((error: unknown) => {
  process.stdout.write(JSON.stringify({ pid: process.pid, summary: `crashed:${String(error)}` }) + '\n');
  process.exitCode = 1;
});
