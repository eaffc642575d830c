// Writes a scalar as YAML text: plain when the YAML 1.2 core schema reads it back unchanged,
// double-quoted otherwise (so `"true"`, `"1"` or `"a: b"` keep being strings).

import { parse } from 'yaml';

export type Scalar = string | number | boolean | null;

/** Whether a string can be written as a plain (unquoted) YAML scalar and still read back as itself. */
export function isPlainYamlString(text: string): boolean {
  if (text.length === 0 || /[\r\n\t]/.test(text)) return false;
  try {
    return parse(text, { version: '1.2', schema: 'core' }) === text;
  } catch {
    return false;
  }
}

export function yamlScalarText(value: Scalar): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return isPlainYamlString(value) ? value : JSON.stringify(value);
}
