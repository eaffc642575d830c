// Reading request headers as single strings, and the media-type check for JSON bodies.

export type Headers = Record<string, string | string[] | undefined>;

/** A header's value; repeated values are joined with ", " as HTTP folds them. */
export function headerOf(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `application/json`, with at most a `charset=utf-8` parameter. */
export function isJsonMediaType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((p) => p === '' || /^charset="?utf-8"?$/.test(p));
}
