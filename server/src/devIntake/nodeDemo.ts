// `npm run demo`: the whole loop on one machine in one command. A fresh copy of the example
// workspace, a ledger and the intake's state in a git-ignored cache folder (kept between runs),
// the dev intake in this process on a free loopback port, then `alloy check` and
// `alloy submit … --wait` run as child processes exactly as a user runs them. A second run shows
// that the request is not sent twice. ALLOY_DEMO_DIR moves the cache folder (the tests use it).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startIntake, type Intake } from './startIntake';

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'checkout-service');
const CLI = path.join(REPO, 'dist', 'cli.js');
const REQUEST = '.alloy/requests/checkout-payment.json';
const WAIT_TIMEOUT_MS = 30_000;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

/** Shown relative to the repository when inside it. */
function shown(p: string): string {
  const relative = path.relative(REPO, p);
  return relative.startsWith('..') || path.isAbsolute(relative) ? p : relative.split(path.sep).join('/');
}

/** Replaces the copy with the example's bytes, keeping the reports received by earlier runs. */
function refreshCopy(copy: string): void {
  const reports = path.join(copy, '.alloy', 'reports');
  const kept = `${copy}.reports`;
  fs.rmSync(kept, { recursive: true, force: true });
  if (fs.existsSync(reports)) fs.renameSync(reports, kept);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(EXAMPLE, copy, { recursive: true });
  if (fs.existsSync(kept)) fs.renameSync(kept, reports);
}

/** Runs `node dist/cli.js …` in `cwd`, echoing its lines indented as they come, stdout to stdout and stderr to stderr. */
function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv, echo: boolean): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ran: Ran = { code: -1, stdout: '', stderr: '' };
    const pipe = (stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr'): void => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        ran[which] += chunk;
        if (!echo) return;
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) process[which].write(`  ${line}\n`);
      });
      stream.on('end', () => {
        if (echo && partial !== '') process[which].write(`  ${partial}\n`);
      });
    };
    pipe(child.stdout, 'stdout');
    pipe(child.stderr, 'stderr');
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ ...ran, code: code ?? (signal === null ? -1 : 128) }));
  });
}

function keyOf(file: string): string {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { idempotency_key?: unknown };
  return typeof data.idempotency_key === 'string' ? data.idempotency_key : '(no key)';
}

/** Runs the demo; resolves with the exit code of `alloy submit`. */
export async function runDemo(): Promise<number> {
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`demo: ${shown(CLI)} is missing; run "npm run build" first (npm run demo does).\n`);
    return 2;
  }
  const given = process.env.ALLOY_DEMO_DIR;
  if (given !== undefined && given !== '' && !path.isAbsolute(given)) {
    process.stderr.write(`demo: ALLOY_DEMO_DIR must be an absolute path, not "${given}".\n`);
    return 2;
  }
  const dir = given || path.join(REPO, 'node_modules', '.cache', 'alloy-demo');
  const copy = path.join(dir, 'checkout-service');
  const ledger = path.join(dir, 'ledger.jsonl');
  fs.mkdirSync(dir, { recursive: true });
  refreshCopy(copy);
  const key = keyOf(path.join(copy, REQUEST));

  const intakeLog: string[] = [];
  const intake: Intake = await startIntake({
    root: copy,
    port: 0,
    stateDir: path.join(dir, 'intake-state'),
    log: (l) => intakeLog.push(l),
  });
  const stop = (): void => {
    void intake.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  try {
    say('Alloy demo: one request, checked, submitted exactly once, and its run reported back.');
    say();
    say(`  workspace  ${shown(copy)} (a fresh copy of examples/checkout-service)`);
    say(`  ledger     ${shown(ledger)} (kept between runs)`);
    say(`  intake     ${intake.endpoint} (the dev intake, in this process)`);
    say(`  alloy      node ${shown(CLI)}`);
    say();

    // The child gets its own ledger, and none of the caller's endpoint or token.
    const env: NodeJS.ProcessEnv = { ...process.env, ALLOY_LEDGER: ledger };
    for (const name of ['ALLOY_TOKEN', 'ALLOY_ENDPOINT', 'ALLOY_TEST_PAUSE_AT', 'ALLOY_TEST_PAUSE_DIR']) delete env[name];

    say(`$ cd ${shown(copy)}`);
    say('$ alloy check .');
    const check = await runCli(['check', '.'], copy, env, false);
    const summary = check.stderr.trim();
    const own = check.stdout.split('\n').filter((l) => l.startsWith(`${REQUEST}:`));
    say(`  ${summary} (exit ${check.code}): the broken-*.json files are broken on purpose;`);
    say(own.length === 0 ? `  ${REQUEST} has none.` : own.map((l) => `  ${l}`).join('\n'));
    say();

    const args = ['submit', REQUEST, '--endpoint', intake.endpoint, '--wait', '--wait-timeout', String(WAIT_TIMEOUT_MS)];
    say(`$ alloy ${args.join(' ')}`);
    const submit = await runCli(args, copy, env, true);
    say();
    await intake.idle();
    const posts = intake.attempts().length;
    say(`intake: ${intake.runsFor(key)} run for ${key.slice(0, 19)}…; ${posts} POST${posts === 1 ? '' : 's'} during this demo`);
    say(`alloy exited ${submit.code}. Run "npm run demo" again: the request is not sent twice.`);
    return submit.code;
  } finally {
    process.off('SIGINT', stop);
    await intake.close();
  }
}
