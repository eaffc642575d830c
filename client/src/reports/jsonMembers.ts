// Reading a report that may be anything: a run result that passes the schema, one that does not,
// or JSON of another shape. Only own members are read, so keys such as `constructor` or
// `__proto__` in a report are data, never the prototype's.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` when `value` is an object that has `key` as its own member. */
export function member(value: unknown, key: string): unknown {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** The member as an array; an absent or non-array member is an empty list. */
export function arrayMember(value: unknown, key: string): unknown[] {
  const found = member(value, key);
  return Array.isArray(found) ? found : [];
}

/** The member when it is a string. */
export function stringMember(value: unknown, key: string): string | undefined {
  const found = member(value, key);
  return typeof found === 'string' ? found : undefined;
}
