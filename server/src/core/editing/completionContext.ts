// Where a completion happens, independent of the file format: at a property name of an object,
// or at a value. The JSON and YAML readers (jsonCompletionContext, yamlCompletionContext) fill it.

import type { JsonPath, TextSpan } from '../document/syntaxTree';

export interface PropertyNameContext {
  kind: 'property';
  /** Path of the object whose members are proposed. */
  objectPath: JsonPath;
  /** Members already present (the one being typed excluded). */
  existing: Set<string>;
  /** The partly typed key to replace (JSON: quotes included). */
  replaceSpan?: TextSpan;
  /** The key already has its `:` and value: insert the name only. */
  nameOnly: boolean;
  /** Text to put after an inserted member or value (JSON: `,` when another member follows). */
  separatorAfter: string;
  /** Prefix for the lines after the first of a multi-line insert, beyond the line's own indentation. */
  continuation: string;
}

export interface ValueContext {
  kind: 'value';
  /** Path of the value being completed. */
  valuePath: JsonPath;
  /** The partly typed value to replace (JSON: quotes included). */
  replaceSpan?: TextSpan;
  /** Whether something is already written at this value position. */
  hasValue: boolean;
  /** YAML: a fresh `- ` sequence entry, which may become a mapping. */
  sequenceEntry?: boolean;
  /** YAML: text needed before the value (a space right after `key:` or `-`). */
  insertPrefix?: string;
  separatorAfter: string;
  continuation: string;
}

export type CompletionContext = PropertyNameContext | ValueContext;
