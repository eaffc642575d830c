// Real ports for the front ends in one call: the ledger file at the documented path (or the one
// given), node:http(s) with proxies from the given env, `foundry` without a shell, the wall
// clock, abortable timers, crypto randomness, and this process as the sender.

import { randomInt } from 'node:crypto';
import * as os from 'node:os';
import { setTimeout as wait } from 'node:timers/promises';
import { nodeFileSystem } from '../core';
import { ledgerPath as documentedLedgerPath, type LedgerPath } from './ledgerPath';
import { nodeFoundryCli } from './nodeFoundryCli';
import { nodeHttpTransport, type NodeHttpTransportOptions } from './nodeHttpTransport';
import { nodeLedgerFile } from './nodeLedgerFile';
import { nodeSubmissionOwners } from './nodeProcessOwner';
import { nodeReadBytes } from './nodeRequestBytes';
import type { Env, SubmissionPorts } from './ports';

export interface NodeSubmissionPortsOptions {
  /** The ledger file (the editor's alloy.submit.ledgerPath, or `defaultLedgerPath(env)`). */
  ledgerPath: string;
  /** Proxy variables for HTTP, and the environment `foundry` runs in. */
  env: Env;
  lockTimeoutMs?: number;
  tls?: NodeHttpTransportOptions['tls'];
}

/** SPEC §7.4's path from this process's home folder and the given environment. */
export function defaultLedgerPath(env: Env): LedgerPath {
  return documentedLedgerPath(env, os.homedir());
}

export function createNodeSubmissionPorts(options: NodeSubmissionPortsOptions): SubmissionPorts {
  return {
    readBytes: nodeReadBytes,
    files: nodeFileSystem,
    ledger: nodeLedgerFile(options.ledgerPath, options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
    http: nodeHttpTransport({ env: options.env, ...(options.tls === undefined ? {} : { tls: options.tls }) }),
    foundry: nodeFoundryCli({ env: options.env }),
    clock: { now: () => Date.now() },
    sleep: (ms, signal) => wait(ms, undefined, signal === undefined ? {} : { signal }),
    random: () => randomInt(0, 2 ** 47) / 2 ** 47,
    owners: nodeSubmissionOwners,
  };
}
