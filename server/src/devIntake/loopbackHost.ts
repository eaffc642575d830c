// The loopback names the intake may bind to and the Host values it answers. Anything else is refused:
// the intake is a development tool, and a Host check keeps DNS-rebinding pages out.

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;
export type LoopbackHost = (typeof LOOPBACK_HOSTS)[number];

export function isLoopbackHost(host: string): host is LoopbackHost {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}

/** The addresses to listen on: both families for `localhost`, which Node resolves to ::1 first. */
export function bindAddresses(host: LoopbackHost): string[] {
  return host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
}

/** The host part of a URL for a bind host: `[::1]` in brackets. */
export function urlHost(host: LoopbackHost): string {
  return host === '::1' ? '[::1]' : host;
}

/** Whether a request's Host header names a loopback host and this port. */
export function isAllowedHostHeader(header: string | undefined, port: number): boolean {
  if (header === undefined) return false;
  const value = header.trim().toLowerCase();
  return ['127.0.0.1', '[::1]', 'localhost'].some((name) => value === `${name}:${port}`);
}
