// What `alloy submit --wait` listens for, read from each request file before anything is sent:
// its request id and the loopback address of its `reporting.callback_url`. A request whose reports
// cannot come back here (no callback_url, or an https one answered by its own server) is a usage
// problem before sending, not a wait that can only time out. A file that does not even parse is
// left to the engine, which refuses it with `alloy check`'s diagnostics.

import { receiverAddressOf, type ReceiverAddress } from '../reports';
import type { CliRuntime } from './cliRuntime';

export interface WaitTarget {
  file: string;
  requestId: string;
  callbackUrl: string;
  address: ReceiverAddress;
}

export type WaitTargets = { ok: true; targets: WaitTarget[] } | { ok: false; problems: string[] };

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** `files` are absolute paths. */
export function waitTargetsOf(files: readonly string[], shown: (file: string) => string, runtime: Pick<CliRuntime, 'host'>): WaitTargets {
  const targets: WaitTarget[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const read = runtime.host.readFile(file);
    if (!read.ok) continue;
    let value: unknown;
    try {
      value = JSON.parse(read.text.replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    const requestId = member(value, 'request_id');
    if (typeof requestId !== 'string') continue;
    const callbackUrl = member(member(value, 'reporting'), 'callback_url');
    if (typeof callbackUrl !== 'string') {
      problems.push(`--wait: ${shown(file)} has no reporting.callback_url, so no report would come back; submit it without --wait`);
      continue;
    }
    const address = receiverAddressOf(callbackUrl);
    if (!address.ok) {
      problems.push(
        `--wait: ${shown(file)} cannot be waited for here: ${address.reason}; ` +
          'its reports go to that server (submit it without --wait, and import them with "Alloy: Import Report…")',
      );
      continue;
    }
    targets.push({ file, requestId, callbackUrl, address: address.address });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}
