// Reading members of untyped JSON values (request and brief data) without casts at every step.
// The values have passed the core's schema checks, but these readers still never throw.

import type { JsonValue } from '../core';

export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of member names, or undefined when a step is missing. */
export function valueAt(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let current = value;
  for (const step of path) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    current = current[step];
  }
  return current;
}

export function stringAt(value: JsonValue | undefined, ...path: string[]): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function numberAt(value: JsonValue | undefined, ...path: string[]): number | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'number' ? found : undefined;
}

export function arrayAt(value: JsonValue | undefined, ...path: string[]): JsonValue[] {
  const found = valueAt(value, ...path);
  return Array.isArray(found) ? found : [];
}
