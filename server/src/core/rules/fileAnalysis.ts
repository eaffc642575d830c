// Everything that can be known about one file from its own text: data, kind, schema and local
// rule diagnostics, and (for briefs) the digest. Pure and cacheable by (path, text). The syntax
// tree and the line index are built on first use: a clean file never needs a position.

import { briefDigest } from '../hashing/briefDigest';
import type { PendingDiagnostic } from '../document/diagnostic';
import { formatOfPath, kindOfFolder, parseSchemaVersion, SCHEMA_VERSIONS, type FileFormat, type FileKind } from '../document/fileKind';
import { briefContentEqual } from '../hashing/briefDigest';
import { canonicallyEqual } from '../hashing/canonicalHash';
import { idempotencyKey, KEY_INPUT_PATHS, keyInputs, type KeyInputs } from '../hashing/idempotencyKey';
import { LineIndex } from '../document/lineIndex';
import { parseDocument, type ParsedDocument } from '../document/parsedDocument';
import { checkRequestLocally } from './requestLocalRules';
import { requestByteOrderMarkDiagnostic, startsWithByteOrderMark } from './requestByteOrderMark';
import { unsafeIntegerDiagnostics } from './unsafeIntegers';
import { validateAgainstSchema } from '../schema/schemaValidation';
import { migrationPlaceholderDiagnostics } from '../schema/migrationPlaceholder';
import { preV1BriefDiagnostic, preV1BriefKeys } from '../document/preV1Brief';
import { scalarValueAt, spanAtPath, stringValueAt, type JsonPath, type JsonValue, type SyntaxNode } from '../document/syntaxTree';

export interface FileAnalysis {
  readonly path: string;
  readonly text: string;
  readonly format: FileFormat;
  /** Built on first use. */
  readonly lines: LineIndex;
  /** The syntax tree with positions, built on first use; undefined when the text holds no data. */
  readonly root: SyntaxNode | undefined;
  /** The text read as data; the file's next text may be read as an edit of it. */
  readonly document: ParsedDocument;
  /** The file's data; undefined when it does not parse. */
  readonly value: JsonValue | undefined;
  /** The Alloy kind, from `schema_version` or the folder; undefined for other files. */
  readonly kind: FileKind | undefined;
  /** Whether the data is complete JSON data (parses, no duplicate keys or non-JSON values). */
  readonly isJsonData: boolean;
  readonly diagnostics: PendingDiagnostic[];
  /** Brief only: the digest of its data (SPEC §4), when the data is JSON data. */
  digest?: string;
  /** Request only: the key derived from its seven inputs (SPEC §5), when they are present. */
  derivedKey?: string;
  /** Request only: the seven inputs the key was derived from. */
  keyInputs?: KeyInputs;
}

/** One file's analysis; the tree and the line index are built on first use (getters, not fields). */
class AnalysedFile implements FileAnalysis {
  readonly value: JsonValue | undefined;
  readonly isJsonData: boolean;
  readonly diagnostics: PendingDiagnostic[];
  digest?: string;
  derivedKey?: string;
  keyInputs?: KeyInputs;
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly format: FileFormat,
    readonly document: ParsedDocument,
    readonly kind: FileKind | undefined,
  ) {
    this.value = document.value;
    this.isJsonData = document.value !== undefined && document.problems.length === 0;
    this.diagnostics = document.problems.slice();
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  get root(): SyntaxNode | undefined {
    return this.document.tree();
  }
}

/**
 * How a text is read as data, given the document of the file's previous text (which the fast
 * path may read an edit from); the differential tests pass the slow path only.
 */
export type DocumentParser = (format: FileFormat, text: string, previous?: ParsedDocument) => ParsedDocument;

/**
 * The recognition check before any parse: false only when `analyzeFile` could find no Alloy kind.
 * A file has one by its folder (`.alloy/requests/`, `.alloy/briefs/`), by a `schema_version`
 * starting `alloy.`, or (a pre-v1 brief elsewhere) by a `brief_id` key; the text spells these
 * literally unless an escape (`\u0061`, a YAML line continuation: all with a backslash) writes them.
 */
export function mayBeAlloyFile(path: string, text: string): boolean {
  return kindOfFolder(path) !== undefined || text.includes('alloy') || text.includes('brief_id') || text.includes('\\');
}

/**
 * `previous`: the last analysis of the same file, if any. Hashes are not recomputed when what they
 * hash is canonically the same as then (an edit elsewhere in the file), as the rules compare.
 */
export function analyzeFile(
  path: string,
  text: string,
  parse: DocumentParser = parseDocument,
  previous?: FileAnalysis,
): FileAnalysis | undefined {
  const format = formatOfPath(path);
  if (!format) return undefined;
  const document = parse(format, text, previous?.format === format ? previous.document : undefined);
  const { value, problems } = document;
  const versionValue = scalarValueAt(value, ['schema_version']);
  const version = parseSchemaVersion(versionValue);
  const folderKind = kindOfFolder(path);
  // A pre-v1 brief is recognised by its keys (in .alloy/briefs/, or anywhere with brief_id and more).
  const kind = version?.kind ?? folderKind ?? (preV1BriefKeys(value, false) ? 'brief' : undefined);
  const analysis = new AnalysedFile(path, text, format, document, kind);
  const diagnostics = analysis.diagnostics;
  if (!kind || value === undefined) {
    if (kind && value === undefined && problems.length === 0) {
      diagnostics.push({ code: 'syntax', message: 'The file is empty', span: { offset: 0, length: 0 } });
    }
    return analysis;
  }
  const tree = () => document.tree() as SyntaxNode;
  if (version && version.major !== 1) {
    diagnostics.push({
      code: 'unsupported-version',
      message: `Unsupported schema version "${String(versionValue)}": this extension reads ${SCHEMA_VERSIONS[version.kind]}.`,
      span: spanAtPath(tree(), ['schema_version']),
    });
    return analysis;
  }
  const preV1 = version || kind !== 'brief' ? undefined : preV1BriefKeys(value, true);
  if (preV1) {
    // One diagnostic (with the migration as its fix) instead of a schema error per renamed key.
    diagnostics.push(preV1BriefDiagnostic(preV1, tree(), analysis.isJsonData));
    return analysis;
  }
  for (const d of validateAgainstSchema(kind, tree, value)) diagnostics.push(d);
  for (const d of migrationPlaceholderDiagnostics(text, value, tree)) diagnostics.push(d);
  if (kind === 'request' || kind === 'brief') for (const d of unsafeIntegerDiagnostics(text, value, tree)) diagnostics.push(d);
  if (kind === 'request' && startsWithByteOrderMark(text)) diagnostics.push(requestByteOrderMarkDiagnostic());
  if (kind === 'brief' && analysis.isJsonData) {
    const known = previous?.kind === 'brief' && previous.isJsonData && previous.digest !== undefined && previous.value !== undefined;
    analysis.digest = known && briefContentEqual(previous.value as JsonValue, value) ? previous.digest : briefDigest(value);
    const own = stringValueAt(value, ['digest']);
    if (own !== undefined && own !== analysis.digest) {
      diagnostics.push({
        code: 'brief-digest-stale',
        message: `The brief's own digest is stale: its content hashes to ${analysis.digest}.`,
        span: spanAtPath(tree(), ['digest']),
        data: { expected: analysis.digest },
      });
    }
  }
  if (kind === 'request') {
    const inputs = analysis.isJsonData ? keyInputs(value) : undefined;
    if (inputs) {
      const known = previous?.keyInputs !== undefined && previous.derivedKey !== undefined;
      // An edit of one string that is not a key input leaves the inputs as they were.
      const same = known && (outsideKeyInputs(document.editedPath) || sameKeyInputs(previous.keyInputs!, inputs));
      analysis.keyInputs = inputs;
      analysis.derivedKey = same ? previous!.derivedKey : idempotencyKey(inputs);
    }
    for (const d of checkRequestLocally(value, tree, analysis.derivedKey)) diagnostics.push(d);
  }
  return analysis;
}

function sameKeyInputs(a: KeyInputs, b: KeyInputs): boolean {
  return canonicallyEqual(a as unknown as JsonValue, b as unknown as JsonValue);
}

/** Whether an edited path (see ParsedDocument.editedPath) lies off every key input's path. */
function outsideKeyInputs(edited: JsonPath | undefined): boolean {
  if (edited === undefined) return false;
  return KEY_INPUT_PATHS.every((input) => input.some((step, i) => i < edited.length && edited[i] !== step));
}
