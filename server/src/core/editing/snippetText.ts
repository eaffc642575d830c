// Turns the body of a schema's `defaultSnippets` entry into snippet text for a JSON or a YAML
// file, the way VS Code reads such bodies: strings are snippet text (`${1:default}` placeholders
// kept), and a string starting with `^` is written unquoted (for numbers and booleans).

import { isPlainYamlString } from './yamlScalarText';

/** The text a snippet shows before the user edits it: each placeholder replaced by its default. */
function snippetDefaultText(snippet: string): string {
  let text = snippet;
  // Innermost placeholders first, so nested defaults resolve too.
  for (let guard = 0; guard < 16 && /\$\{\d+[:|]/.test(text); guard++) {
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
  }
  return text.replace(/\$\{\d+\}|\$\d+/g, '');
}

/** A string written for a snippet: backslashes doubled, because snippet syntax treats `\` as an escape. */
function quotedForSnippet(snippetText: string): string {
  return JSON.stringify(snippetText).replace(/\\/g, '\\\\');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonScalar(value: unknown): string {
  if (typeof value === 'string') return value.startsWith('^') ? value.slice(1) : quotedForSnippet(value);
  return JSON.stringify(value ?? null);
}

/**
 * JSON snippet text for a body. Lines after the first are indented relative to the line the
 * snippet is inserted on (the editor adds that line's indentation).
 */
export function jsonSnippetText(body: unknown, indentUnit: string, level = 0): string {
  const inner = indentUnit.repeat(level + 1);
  const outer = indentUnit.repeat(level);
  if (Array.isArray(body)) {
    if (body.length === 0) return '[]';
    return `[\n${body.map((item) => inner + jsonSnippetText(item, indentUnit, level + 1)).join(',\n')}\n${outer}]`;
  }
  if (isPlainObject(body)) {
    const entries = Object.entries(body);
    if (entries.length === 0) return '{}';
    const members = entries.map(([k, v]) => `${inner}${quotedForSnippet(k)}: ${jsonSnippetText(v, indentUnit, level + 1)}`);
    return `{\n${members.join(',\n')}\n${outer}}`;
  }
  return jsonScalar(body);
}

function yamlScalar(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (isPlainObject(value)) return '{}';
  if (typeof value === 'string') {
    if (value.startsWith('^')) return value.slice(1);
    return isPlainYamlString(snippetDefaultText(value)) ? value : quotedForSnippet(value);
  }
  return JSON.stringify(value ?? null);
}

function yamlKey(key: string): string {
  return isPlainYamlString(key) ? key : quotedForSnippet(key);
}

function isNonEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isPlainObject(value) && Object.keys(value).length > 0);
}

/** YAML lines of a collection body, relative to the column where the collection starts. */
export function yamlSnippetLines(body: unknown, indentUnit: string): string[] {
  if (Array.isArray(body)) {
    const out: string[] = [];
    for (const item of body) {
      const lines = isNonEmptyCollection(item) ? yamlSnippetLines(item, indentUnit) : [yamlScalar(item)];
      out.push(`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`));
    }
    return out;
  }
  if (isPlainObject(body)) {
    const out: string[] = [];
    for (const [k, v] of Object.entries(body)) {
      if (isNonEmptyCollection(v)) {
        out.push(`${yamlKey(k)}:`, ...yamlSnippetLines(v, indentUnit).map((l) => indentUnit + l));
      } else {
        out.push(`${yamlKey(k)}: ${yamlScalar(v)}`);
      }
    }
    return out;
  }
  return [yamlScalar(body)];
}

/** Literal text inside a snippet: `$`, `}` and `\` escaped so the editor inserts them as typed. */
export function escapeSnippetLiteral(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}
