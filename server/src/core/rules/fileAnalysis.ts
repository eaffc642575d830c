// Everything that can be known about one file from its own text: parse tree, kind, schema and
// local rule diagnostics, and (for briefs) the digest. Pure and cacheable by (path, text).

import { briefDigest } from '../hashing/briefDigest';
import type { PendingDiagnostic } from '../document/diagnostic';
import { formatOfPath, kindOfFolder, parseSchemaVersion, SCHEMA_VERSIONS, type FileFormat, type FileKind } from '../document/fileKind';
import { idempotencyKey, keyInputs } from '../hashing/idempotencyKey';
import { LineIndex } from '../document/lineIndex';
import { parseJson } from '../document/parseJson';
import { parseYaml } from '../document/parseYaml';
import { checkRequestLocally } from './requestLocalRules';
import { validateAgainstSchema } from '../schema/schemaValidation';
import { nodeAtPath, toValue, type JsonValue, type SyntaxNode } from '../document/syntaxTree';

export interface FileAnalysis {
  path: string;
  text: string;
  format: FileFormat;
  lines: LineIndex;
  root: SyntaxNode | undefined;
  /** The file's data; undefined when it does not parse. */
  value: JsonValue | undefined;
  /** The Alloy kind, from `schema_version` or the folder; undefined for other files. */
  kind: FileKind | undefined;
  /** Whether the data is complete JSON data (parses, no duplicate keys or non-JSON values). */
  isJsonData: boolean;
  diagnostics: PendingDiagnostic[];
  /** Brief only: the digest of its data (SPEC §4), when the data is JSON data. */
  digest?: string;
  /** Request only: the key derived from its seven inputs (SPEC §5), when they are present. */
  derivedKey?: string;
}

export function analyzeFile(path: string, text: string): FileAnalysis | undefined {
  const format = formatOfPath(path);
  if (!format) return undefined;
  const { root, problems } = format === 'json' ? parseJson(text) : parseYaml(text);
  const value = root ? toValue(root) : undefined;
  const diagnostics: PendingDiagnostic[] = [...problems];
  const versionNode = nodeAtPath(root, ['schema_version']);
  const versionValue = versionNode?.kind === 'scalar' ? versionNode.value : undefined;
  const version = parseSchemaVersion(versionValue);
  const folderKind = kindOfFolder(path);
  const kind = version?.kind ?? folderKind;
  const analysis: FileAnalysis = {
    path,
    text,
    format,
    lines: new LineIndex(text),
    root,
    value,
    kind,
    isJsonData: root !== undefined && problems.length === 0,
    diagnostics,
  };
  if (!kind || !root) {
    if (kind && !root && problems.length === 0) {
      diagnostics.push({ code: 'syntax', message: 'The file is empty', span: { offset: 0, length: 0 } });
    }
    return analysis;
  }
  if (version && version.major !== 1) {
    diagnostics.push({
      code: 'unsupported-version',
      message: `Unsupported schema version "${String(versionValue)}": this extension reads ${SCHEMA_VERSIONS[version.kind]}.`,
      span: versionNode!.span,
    });
    return analysis;
  }
  diagnostics.push(...validateAgainstSchema(kind, root, value as JsonValue));
  if (kind === 'brief' && analysis.isJsonData) {
    analysis.digest = briefDigest(value as JsonValue);
    const own = nodeAtPath(root, ['digest']);
    if (own?.kind === 'scalar' && typeof own.value === 'string' && own.value !== analysis.digest) {
      diagnostics.push({
        code: 'brief-digest-stale',
        message: `The brief's own digest is stale: its content hashes to ${analysis.digest}.`,
        span: own.span,
        data: { expected: analysis.digest },
      });
    }
  }
  if (kind === 'request') {
    const inputs = analysis.isJsonData ? keyInputs(value as JsonValue) : undefined;
    if (inputs) analysis.derivedKey = idempotencyKey(inputs);
    diagnostics.push(...checkRequestLocally(root, analysis.derivedKey));
  }
  return analysis;
}
