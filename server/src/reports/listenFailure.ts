// The words for a listener that could not start (SPEC §8.2): the port comes from the callback URL,
// so no other port is tried; the user is told where reports will come from instead.

import { hostAndPort } from './loopbackAddress';

export type ListenFailureReason = 'port-in-use' | 'address-unavailable' | 'permission-denied' | 'other';

export interface ListenFailure {
  reason: ListenFailureReason;
  message: string;
}

const FALLBACK = 'reports will arrive only as files or by import';

export function listenFailureOf(code: string | undefined, address: string, port: number, detail: string): ListenFailure {
  const where = `port ${port} on ${address}`;
  if (code === 'EADDRINUSE') return { reason: 'port-in-use', message: `${where} is in use by another program; ${FALLBACK}` };
  if (code === 'EACCES' || code === 'EPERM') {
    return { reason: 'permission-denied', message: `${where} may not be opened by this user; ${FALLBACK}` };
  }
  if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
    return { reason: 'address-unavailable', message: `${address} is not available on this machine; ${FALLBACK}` };
  }
  return { reason: 'other', message: `could not listen on ${hostAndPort(address, port)} (${detail}); ${FALLBACK}` };
}
