// Starts a dev intake in this process: for `npm run foundry:dev`, for tests and for the demo.
// It wires the handler to its ports (state directory, clock, sleep, callback transport, log)
// and to node:http, and gives back a handle to inspect and stop it.

import * as path from 'node:path';
import { nodeFileSystem, type FileSystemHost } from '../core';
import type { CallbackTransport } from './callbackDelivery';
import type { RunResult } from './dryRunSimulation';
import { checkFaults, faultFlags, parseFaults, type FaultSettings } from './faults';
import { IntakeHandler, type IncomingCall, type Outcome } from './intakeHandler';
import { INTAKE_PATH_TEMPLATE } from './intakeRoutes';
import { IntakeStats, type AttemptEntry } from './intakeStats';
import { IntakeStore } from './intakeStore';
import { bindAddresses, isLoopbackHost, LOOPBACK_HOSTS, urlHost } from './loopbackHost';
import { nodeCallbackTransport } from './nodeCallbackTransport';
import { listenIntake } from './nodeIntakeServer';
import { makeTempStateDir, NodeStateDir, removeDir } from './nodeStateDir';
import type { Clock, Log, Sleep } from './ports';
import { RunReporter } from './runReporter';
import { systemClock, systemSleep } from './systemPorts';

export interface IntakeOptions {
  /** The repository root whose .alloy/briefs/ the requests are checked against. */
  root: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 (default), ::1 or localhost (both); anything else is refused. */
  host?: string;
  /** Where records are kept across restarts; by default a new temp folder, removed on close(). */
  stateDir?: string;
  /** When set, every request needs Authorization: Bearer <token>. Never logged. */
  token?: string;
  faults?: FaultSettings | readonly string[];
  /** Accept throttle: full (still only simulated). */
  allowFull?: boolean;
  /** Request body limit in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  clock?: Clock;
  sleep?: Sleep;
  /** One line per request and event; by default written to stderr. */
  log?: Log;
  callbackTransport?: CallbackTransport;
  /** Tries per callback (default 3) and the first back-off (default 200 ms, doubling). */
  callbackAttempts?: number;
  callbackBackoffMs?: number;
  /** The file system the core reads briefs from (default node:fs). */
  fileSystem?: FileSystemHost;
}

export interface IntakeStatsView {
  runs: Record<string, number>;
  requests: number;
  byStatus: Record<string, number>;
  callbacks: { delivered: number; failed: number };
}

export interface Intake {
  /** http://127.0.0.1:PORT (or [::1], localhost). */
  url: string;
  /** The endpoint setting: `<url>/v1/projects/{project_id}/execution-requests`. */
  endpoint: string;
  port: number;
  stateDir: string;
  /** Runs recorded for a key (0 or 1). */
  runsFor(key: string): number;
  /** The recorded run result of a key. */
  resultFor(key: string): RunResult | undefined;
  /** Replaces the faults and restarts their counts; throws on an invalid fault. */
  setFaults(faults: FaultSettings | readonly string[]): void;
  faults(): string[];
  stats(): IntakeStatsView;
  /** Every POST attempt on the intake route since start. */
  attempts(): AttemptEntry[];
  /** Resolves once every accepted run has sent its callbacks. */
  idle(): Promise<void>;
  /** Stops listening, waits for requests in process, aborts callbacks still going, releases the state directory. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

function stderrLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

export async function startIntake(options: IntakeOptions): Promise<Intake> {
  const log = options.log ?? stderrLog;
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host))
    throw new Error(`The dev intake listens on loopback only (${LOOPBACK_HOSTS.join(', ')}); refusing host ${JSON.stringify(host)}.`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The port must be a whole number from 0 to 65535; got ${port}.`);
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const root = path.resolve(options.root);
  if (!fileSystem.isDirectory(path.join(root, '.alloy'))) {
    throw new Error(`The root ${root} has no .alloy/ folder: pass the repository whose .alloy/briefs/ the requests name (--root).`);
  }
  const faults = Array.isArray(options.faults)
    ? parseFaults(options.faults as readonly string[])
    : checkFaults((options.faults ?? {}) as FaultSettings);
  if (!faults.ok) throw new Error(faults.message);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const ownsStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir === undefined ? await makeTempStateDir() : path.resolve(options.stateDir);
  let state: NodeStateDir;
  let store: IntakeStore;
  try {
    state = await NodeStateDir.open(stateDir, log);
    try {
      store = await IntakeStore.open(state);
    } catch (error) {
      await state.release();
      throw error;
    }
  } catch (error) {
    if (ownsStateDir) await removeDir(stateDir);
    throw error;
  }
  for (const record of store.all()) {
    if (record.finished_at === null)
      log(`state: run ${record.run_id} (${record.request_id}) was stopped before its callbacks were all sent; they are not resent`);
  }

  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? systemSleep;
  const abort = new AbortController();
  const stats = new IntakeStats();
  const reporter = new RunReporter({
    transport: options.callbackTransport ?? nodeCallbackTransport(),
    clock,
    sleep,
    log,
    store,
    stats,
    maxAttempts: options.callbackAttempts ?? 3,
    backoffMs: options.callbackBackoffMs ?? 200,
  });
  let listeningPort = port;
  const handler = new IntakeHandler(
    {
      root,
      host: fileSystem,
      store,
      reporter,
      clock,
      sleep,
      signal: abort.signal,
      token: options.token,
      allowFull: options.allowFull === true,
      stats,
      log,
      port: () => listeningPort,
    },
    faults.value,
  );

  const pending = new Set<Promise<Outcome>>();
  const hooks = {
    beforeBody: (call: IncomingCall) => handler.beforeBody(call),
    tooLarge: (call: IncomingCall, limit: number) => handler.tooLarge(call, limit),
    handle: (call: IncomingCall, body: Buffer) => {
      const task = handler.handle(call, body);
      pending.add(task);
      void task.finally(() => pending.delete(task)).catch(() => undefined);
      return task;
    },
  };
  let listening;
  try {
    listening = await listenIntake(bindAddresses(host), port, hooks, maxBodyBytes, log);
  } catch (error) {
    await state.release();
    if (ownsStateDir) await removeDir(stateDir);
    throw error;
  }
  listeningPort = listening.port;
  const url = `http://${urlHost(host)}:${listening.port}`;
  log(
    `root ${root}; state ${stateDir} (${store.all().length} record${store.all().length === 1 ? '' : 's'}); ` +
      `faults: ${faultFlags(faults.value).join(' ') || 'none'}; token: ${options.token === undefined ? 'none' : 'required'}; ` +
      `throttle full: ${options.allowFull ? 'allowed (simulated)' : 'refused'}`,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    endpoint: `${url}${INTAKE_PATH_TEMPLATE}`,
    port: listening.port,
    stateDir,
    runsFor: (key) => store.runsFor(key),
    resultFor: (key) => store.all().find((record) => record.key === key)?.result,
    setFaults(next) {
      const parsed = handler.setFaults(next);
      if (!parsed.ok) throw new Error(parsed.message);
    },
    faults: () => handler.faults().faults,
    stats: () => handler.stats(),
    attempts: () => stats.attempts().attempts,
    idle: () => reporter.idle(),
    close() {
      closing ??= (async () => {
        abort.abort();
        await listening.close();
        await Promise.allSettled([...pending]);
        await reporter.stop();
        await state.release();
        if (ownsStateDir) await removeDir(stateDir);
      })();
      return closing;
    },
  };
}
