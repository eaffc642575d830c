// The real CLI runtime: node:fs through the core's host, the engine's Node ports (ledger file,
// HTTP with the given environment's proxies, `foundry` without a shell), the Node callback
// receiver and report files, the wall clock and abortable timers. main.ts builds it once from
// process.env; nothing below main.ts reads the process environment.

import { setTimeout as wait } from 'node:timers/promises';
import { nodeFileSystem, nodeRequestPorts, nodeSyncDirectoryLister } from '../core';
import { createCallbackReceiver, listStoredReports, storeReportBytes } from '../reports';
import { createNodeSubmissionPorts, type Env, type SubmissionPorts } from '../submission';
import type { CliRuntime, ReportFiles } from './cliRuntime';
import { nodeCheckThreads } from './nodeCheckWorkers';
import { testPauseOf, type TestPause } from './nodeTestPause';

export interface NodeCliRuntimeOptions {
  env: Env;
  home: string;
  signal?: AbortSignal;
  /** Worker threads for large checks: the CLI's main file (a worker runs the launcher beside it, or it), and the thread count asked for. */
  checkWorkers?: { entry: string; threads: number | undefined };
}

/** The engine's ports with the test pause points of nodeTestPause.ts woven in. */
function pausedPorts(ports: SubmissionPorts, pause: TestPause): SubmissionPorts {
  const ledger = ports.ledger;
  const http = ports.http;
  return {
    ...ports,
    ledger: {
      location: ledger.location,
      read: () => ledger.read(),
      async append(line) {
        const pending = line.includes('"type":"pending"');
        if (pending) await pause.at('before-pending', line.slice(0, 200));
        await ledger.append(line);
        if (pending) await pause.at('after-pending', line.slice(0, 200));
      },
      async withLock(fn) {
        await pause.at('before-lock', ledger.location);
        return ledger.withLock(fn);
      },
    },
    http: {
      async send(request) {
        await pause.at('in-send', request.idempotencyKey);
        const answer = await http.send(request);
        await pause.at('after-answer', `${request.idempotencyKey} ${answer.kind === 'response' ? answer.status : answer.reason}`);
        return answer;
      },
    },
  };
}

function pausedReports(reports: ReportFiles, pause: TestPause): ReportFiles {
  return {
    list: (root) => reports.list(root),
    async store(root, body) {
      await pause.at('report-write', `${body.requestId} ${body.phase}`);
      const stored = reports.store(root, body);
      await pause.at('in-report-write', `${body.requestId} ${body.phase}`);
      return stored;
    },
  };
}

export function createNodeCliRuntime(options: NodeCliRuntimeOptions): CliRuntime {
  const pause = testPauseOf(options.env);
  const reports: ReportFiles = { list: (root) => listStoredReports(root), store: (root, body) => storeReportBytes(root, body) };
  return {
    host: nodeFileSystem,
    lister: nodeSyncDirectoryLister,
    env: options.env,
    home: options.home,
    submissionPorts(ledgerPath) {
      const ports = createNodeSubmissionPorts({ ledgerPath, env: options.env });
      return pause ? pausedPorts(ports, pause) : ports;
    },
    receiver: (receiverOptions) => createCallbackReceiver(receiverOptions),
    reports: pause ? pausedReports(reports, pause) : reports,
    now: () => Date.now(),
    requestPorts: nodeRequestPorts,
    sleep: (ms, signal) => wait(ms, undefined, signal === undefined ? {} : { signal }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.checkWorkers ? { checkThreads: nodeCheckThreads(options.checkWorkers.entry, options.checkWorkers.threads) } : {}),
  };
}

/** The runtime used when a caller passes none: no environment, no home (so no default ledger). */
export const NODE_CLI_RUNTIME: CliRuntime = createNodeCliRuntime({ env: {}, home: '' });
