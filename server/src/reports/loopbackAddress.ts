// Where the local receiver listens (SPEC §8.2): the loopback name and port of a request's
// `callback_url`, the addresses to bind for it (both families for `localhost`), and which `Host`
// header values name this receiver. Pure: no socket is opened here.

/** The loopback spellings a `callback_url` may use for a local receiver. */
export type LoopbackName = '127.0.0.1' | '::1' | 'localhost';

/** A concrete address a listener binds. Never a wildcard (`0.0.0.0`, `::`). */
export type BindAddress = '127.0.0.1' | '::1';

export interface ReceiverAddress {
  name: LoopbackName;
  port: number;
}

export type ReceiverAddressResult = { ok: true; address: ReceiverAddress } | { ok: false; reason: string };

/** The addresses to listen on: one for an IP literal, both families for `localhost`. */
export function bindAddressesOf(name: LoopbackName): BindAddress[] {
  return name === 'localhost' ? ['127.0.0.1', '::1'] : [name];
}

/** `127.0.0.1:47311` or `[::1]:47311`: how an address and port are written in messages and Host headers. */
export function hostAndPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Whether a `Host` header names this receiver: one of the loopback spellings (`127.0.0.1`, `[::1]`,
 * `localhost`, the last in any case) with exactly the receiver's port. Anything else, including a
 * missing or default port, is a foreign name (DNS rebinding).
 */
export function isOwnHost(host: string, port: number): boolean {
  const m = /^(127\.0\.0\.1|\[::1\]|localhost):(\d{1,5})$/i.exec(host);
  return m !== null && Number(m[2]) === port && String(Number(m[2])) === m[2];
}

/** Reads the receiver address from a `callback_url`; only loopback `http` URLs have a local receiver. */
export function receiverAddressOf(callbackUrl: string): ReceiverAddressResult {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return { ok: false, reason: `"${callbackUrl}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:') {
    return {
      ok: false,
      reason: `${url.protocol.replace(/:$/, '')} callback URLs are answered by their own server, not by a local receiver`,
    };
  }
  const host = url.hostname.toLowerCase();
  const name: LoopbackName | undefined =
    host === '127.0.0.1' ? '127.0.0.1' : host === '[::1]' ? '::1' : host === 'localhost' ? 'localhost' : undefined;
  if (!name) {
    return { ok: false, reason: `http callback URLs must name 127.0.0.1, [::1] or localhost, not "${url.hostname}"` };
  }
  const port = url.port === '' ? 80 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: `port ${url.port} is not a usable port` };
  return { ok: true, address: { name, port } };
}
