// A file's text read as data: the value and the parse problems at once, the syntax tree with
// positions only when something needs a position. A fast path reads clean data without a tree;
// whatever it declines (or any text with a problem) goes through the parser that builds the tree.
// A text the fast path read gets its tree from the fast tree reader of its format (the same spans
// as `parseJson` or `parseYaml`), and from the slow parser only when that reader declines.

import type { PendingDiagnostic } from './diagnostic';
import type { FileFormat } from './fileKind';
import { readJsonFast } from './jsonFastPath';
import { fastJsonTree, validJsonOutcome } from './jsonFastTree';
import { parseJson, type ParseOutcome } from './parseJson';
import { parseYaml } from './parseYaml';
import { readStringEdit, stringSitesOf, type StringSites } from './jsonStringEdit';
import { toValue, type JsonPath, type JsonValue, type SyntaxNode } from './syntaxTree';
import { fastYamlValue } from './yamlFastPath';
import { fastYamlTree } from './yamlFastTree';

export interface ParsedDocument {
  /** The data; undefined when the text holds none (it is empty, or too broken to read). */
  readonly value: JsonValue | undefined;
  readonly problems: readonly PendingDiagnostic[];
  /** The tree with positions: at hand after the slow path, built on the first call after a fast one. */
  tree(): SyntaxNode | undefined;
  /**
   * Set when the text was read as an edit of the previous document passed to `parseDocument`:
   * the path of the one string that differs, all other data being the previous document's.
   */
  readonly editedPath?: JsonPath;
  /** Clean JSON only: another text read as an edit of this one (see jsonStringEdit.ts), when it is one. */
  readEdit?(text: string): ParsedDocument | undefined;
}

function slowParse(format: FileFormat, text: string): ParseOutcome {
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

/** The data a fast path reads; `parsed`: what `JSON.parse` gave for valid JSON text the fast path declined. */
function fastValue(format: FileFormat, text: string): { value?: JsonValue; parsed?: JsonValue } {
  if (format === 'yaml') return { value: fastYamlValue(text) };
  return readJsonFast(text);
}

/** The tree of a text a fast path read: from the format's fast tree reader when it can. */
function treeAfterFastValue(format: FileFormat, text: string): SyntaxNode | undefined {
  return (format === 'yaml' ? fastYamlTree(text) : fastJsonTree(text)) ?? slowParse(format, text).root;
}

/** The data of a slow parse: as the parser gave it, else read from its tree. */
function dataOf({ root, value }: ParseOutcome): JsonValue | undefined {
  if (!root) return undefined;
  return value !== undefined ? value : toValue(root);
}

/** A text a fast path read: no problem, the tree built on first use. */
class FastDocument implements ParsedDocument {
  readonly problems: readonly PendingDiagnostic[] = [];
  private root: SyntaxNode | undefined;
  private built = false;

  constructor(
    protected readonly format: FileFormat,
    protected readonly text: string,
    readonly value: JsonValue,
  ) {}

  tree(): SyntaxNode | undefined {
    if (!this.built) {
      this.root = treeAfterFastValue(this.format, this.text);
      this.built = true;
    }
    return this.root;
  }
}

/** Clean JSON: a later text that differs inside one value string is read as an edit of this one. */
class CleanJsonDocument extends FastDocument {
  constructor(
    text: string,
    value: JsonValue,
    private sites?: StringSites,
    readonly editedPath?: JsonPath,
  ) {
    super('json', text, value);
  }

  readEdit(text: string): ParsedDocument | undefined {
    const edit = readStringEdit({ text: this.text, value: this.value, sites: () => this.stringSites() }, text);
    return edit && new CleanJsonDocument(text, edit.value, edit.sites, edit.path);
  }

  private stringSites(): StringSites | undefined {
    if (!this.sites) {
      const root = this.tree();
      if (root) this.sites = stringSitesOf(root);
    }
    return this.sites;
  }
}

/**
 * `previous`: the document of the file's previous text, if any; a clean JSON text edited inside
 * one value string is read from it without a parse.
 */
export function parseDocument(format: FileFormat, text: string, previous?: ParsedDocument): ParsedDocument {
  const edited = previous?.readEdit?.(text);
  if (edited) return edited;
  const { value: fast, parsed } = fastValue(format, text);
  if (fast !== undefined) return format === 'json' ? new CleanJsonDocument(text, fast) : new FastDocument(format, text, fast);
  // Valid JSON syntax whose data has a problem: its tree from the fast tree reader, with the problems.
  const outcome = (parsed !== undefined ? validJsonOutcome(text, parsed) : undefined) ?? slowParse(format, text);
  const { root, problems } = outcome;
  return { value: dataOf(outcome), problems, tree: () => root };
}

/** The slow path only: what the fast paths must agree with (used by the differential tests). */
export function parseDocumentSlowly(format: FileFormat, text: string): ParsedDocument {
  const outcome = slowParse(format, text);
  const { root, problems } = outcome;
  return { value: dataOf(outcome), problems, tree: () => root };
}
