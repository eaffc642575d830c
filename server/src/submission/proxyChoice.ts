// Whether an HTTP attempt goes through a proxy, from an injected environment: never for a
// loopback host; otherwise HTTPS_PROXY (https) or HTTP_PROXY (http), upper case first, unless
// NO_PROXY matches. The proxy's credentials become a header and never appear in a message.

import { isLoopbackHost } from './endpoint';
import type { Env } from './ports';

export type ProxyChoice =
  | { kind: 'direct' }
  | {
      kind: 'proxy';
      hostname: string;
      port: number;
      /** `http://host:port`, without credentials: the only form messages use. */
      shown: string;
      /** `Basic …` when the proxy URL carries user info. */
      authorization?: string;
    }
  | { kind: 'invalid'; message: string };

function envValue(env: Env, name: string): string | undefined {
  const value = env[name.toUpperCase()] ?? env[name.toLowerCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Whether `host` is an IP address inside the range `network/prefix` (nodeAddressRange.ts is Node's). */
export type AddressInRange = (host: string, network: string, prefix: number) => boolean;

/**
 * NO_PROXY: `*`, host names (`example.com` also covers its subdomains; `.example.com` too),
 * `host:port`, IP literals, and address ranges (`10.0.0.0/8`, `fd00::/8`) for a host that is an
 * IP literal, as curl reads them.
 */
export function noProxyMatches(target: URL, noProxy: string | undefined, inRange: AddressInRange): boolean {
  if (noProxy === undefined) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const range = /^([0-9a-f.:]+)\/(\d{1,3})$/.exec(entry);
    if (range) {
      if (inRange(host, range[1], Number(range[2]))) return true;
      continue;
    }
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1];
      entryPort = bracketed[2];
    } else {
      const withPort = /^([^:]+):(\d+)$/.exec(entry);
      if (withPort) {
        entry = withPort[1];
        entryPort = withPort[2];
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith('.' + domain)) return true;
  }
  return false;
}

export function proxyFor(target: URL, env: Env, inRange: AddressInRange): ProxyChoice {
  if (isLoopbackHost(target.hostname)) return { kind: 'direct' };
  if (noProxyMatches(target, envValue(env, 'no_proxy'), inRange)) return { kind: 'direct' };
  const name = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const raw = envValue(env, name);
  if (raw === undefined) return { kind: 'direct' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return { kind: 'invalid', message: `${name} is not a URL` };
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:')
    return { kind: 'invalid', message: `${name} (${shown}) must be an http:// proxy; ${url.protocol} proxies are not supported` };
  const choice: ProxyChoice = { kind: 'proxy', hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), shown };
  if (url.username !== '' || url.password !== '') {
    let credentials: string;
    try {
      credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    } catch {
      return { kind: 'invalid', message: `${name} (${shown}) has badly percent-encoded credentials` };
    }
    choice.authorization = 'Basic ' + Buffer.from(credentials, 'utf8').toString('base64');
  }
  return choice;
}
