// Address ranges for NO_PROXY (proxyChoice.ts), by Node's own matcher: node:net's BlockList.

import { BlockList, isIP } from 'node:net';
import type { AddressInRange } from './proxyChoice';

/** Same family only; a prefix past the family's width (33 for IPv4, 129 for IPv6) is no range. */
export const nodeAddressInRange: AddressInRange = (host, network, prefix) => {
  const family = isIP(network);
  if (family === 0 || isIP(host) !== family || prefix > (family === 4 ? 32 : 128)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const range = new BlockList();
  range.addSubnet(network, prefix, type);
  return range.check(host, type);
};
