// The HTTP endpoint a request is posted to: `{project_id}` filled in (URL-encoded), only http(s),
// plain http only to a loopback host (the token must not travel in clear), and no user info in
// the URL (credentials belong in the token, and the URL is recorded in the ledger).

import type { Refusal } from './refusal';

export type Endpoint = { ok: true; url: string; host: string } | { ok: false; refusal: Refusal };

/** 127.0.0.0/8, ::1 and localhost (with or without the IPv6 brackets URL puts around `::1`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** The URL as it may be shown: without user info, whatever else is wrong with it. */
export function shownUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

export function resolveEndpoint(template: string | undefined, projectId: string): Endpoint {
  const refuse = (endpoint: string, reason: string): Endpoint => ({ ok: false, refusal: { kind: 'bad-endpoint', endpoint, reason } });
  if (template === undefined || template.trim() === '') {
    return refuse('', 'no endpoint is set (the editor setting alloy.submit.endpoint; the CLI takes --endpoint or ALLOY_ENDPOINT)');
  }
  const shown = shownUrl(template.trim());
  let url: URL;
  try {
    url = new URL(template.trim().split('{project_id}').join(encodeURIComponent(projectId)));
  } catch {
    return refuse(shown, 'it is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse(shown, `only http and https are supported, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') {
    return refuse(shown, 'it carries user info (user:password@); give the API token instead, it is never recorded');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return refuse(shown, `plain http is allowed only to a loopback host (127.0.0.1, localhost, [::1]), not ${url.hostname}: use https`);
  }
  url.hash = '';
  return { ok: true, url: url.toString(), host: url.host };
}
