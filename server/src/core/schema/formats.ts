// String formats the v1 schemas name that JSON Schema does not define.

/** Git's check-ref-format rules, applied to a branch name. */
export function isGitRefName(name: string): boolean {
  if (name.length === 0 || name === '@') return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.startsWith('-')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  // Control characters, space, ~ ^ : ? * [ \ and DEL are not allowed anywhere.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * URLs the WHATWG parser surely accepts, with the host as written: https to a domain name (its last
 * label starting with a letter, so never read as an IPv4 address; no `xn--` label, which would
 * need Punycode checks), or http to 127.0.0.1 or localhost; a port of at most five digits; a path
 * of unreserved characters. Anything else goes through `new URL`, which is what decides.
 */
const PLAIN_HTTPS = /^https:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::(\d{1,5}))?(?:\/[A-Za-z0-9._~/-]*)?$/;
const PLAIN_LOOPBACK = /^http:\/\/(?:127\.0\.0\.1|localhost)(?::(\d{1,5}))?(?:\/[A-Za-z0-9._~/-]*)?$/;

/** An absolute https URL, or http to a loopback host only. */
export function isCallbackUrl(text: string): boolean {
  const plain = text.includes('xn--') ? null : (PLAIN_HTTPS.exec(text) ?? PLAIN_LOOPBACK.exec(text));
  if (plain && (plain[1] === undefined || Number(plain[1]) <= 65535)) return true;
  return isCallbackUrlParsed(text);
}

/** The same question answered by the WHATWG URL parser alone (the tests compare the two). */
export function isCallbackUrlParsed(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** A POSIX absolute path or a Windows drive path. */
export function isAbsolutePathText(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');
}
