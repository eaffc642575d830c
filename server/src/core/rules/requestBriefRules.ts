// Rules that compare a request with the brief it names (SPEC §6). Cheap comparisons only:
// the brief's digest was computed once, when its text was analysed.

import { isExecutableStatus } from './briefStatus';
import { canonicalJson } from '../hashing/canonicalHash';
import type { PendingDiagnostic, RelatedInformation } from '../document/diagnostic';
import type { FileAnalysis } from './fileAnalysis';
import { nodeAtPath, propertyAtPath, scalarAt, type JsonValue } from '../document/syntaxTree';

export type BriefLookup =
  | { kind: 'escapes'; reason: string }
  | { kind: 'not-found'; path: string }
  | { kind: 'found'; path: string; brief: FileAnalysis; briefErrors: RelatedInformation[] };

function relatedAt(brief: FileAnalysis, path: string[], message: string): RelatedInformation[] {
  const node = nodeAtPath(brief.root, path);
  return node ? [{ file: brief.path, range: brief.lines.rangeOf(node.span.offset, node.span.length), message }] : [];
}

export function checkRequestAgainstBrief(request: FileAnalysis, lookup: BriefLookup): PendingDiagnostic[] {
  const root = request.root;
  const localPath = nodeAtPath(root, ['brief', 'local_path']);
  if (!localPath) return [];
  const out: PendingDiagnostic[] = [];
  if (lookup.kind === 'escapes') {
    return [{ code: 'brief-path-escapes-root', message: `${lookup.reason}; the brief is not read.`, span: localPath.span }];
  }
  if (lookup.kind === 'not-found') {
    return [{ code: 'brief-not-found', message: `No brief file at "${String((localPath as { value?: unknown }).value)}".`, span: localPath.span }];
  }
  const brief = lookup.brief;
  if (brief.kind !== 'brief') {
    return [{ code: 'brief-invalid', message: 'The file at local_path is not a Formation Brief (alloy.formation_brief.v1).', span: localPath.span }];
  }
  if (lookup.briefErrors.length > 0) {
    const count = lookup.briefErrors.length;
    const first = lookup.briefErrors[0];
    out.push({
      code: 'brief-invalid',
      message: `The brief has ${count} error${count === 1 ? '' : 's'} of its own; the first, on line ${first.range.start.line + 1}: ${first.message}`,
      span: localPath.span,
      related: lookup.briefErrors,
    });
  }
  // A brief that is not complete JSON data (it does not parse, or repeats a key) is not compared.
  if (!brief.root || !brief.isJsonData) return out;
  const compare = (requestPath: string[], briefPath: string[], code: PendingDiagnostic['code'], label: string) => {
    const mine = scalarAt(root, requestPath);
    const theirs = scalarAt(brief.root, briefPath);
    if (mine && theirs && mine.value !== theirs.value) {
      out.push({
        code,
        message: `${label} ${JSON.stringify(mine.value)} differs from the brief's ${JSON.stringify(theirs.value)}.`,
        span: mine.span,
        data: { expected: typeof theirs.value === 'string' ? theirs.value : JSON.stringify(theirs.value) },
        related: relatedAt(brief, briefPath, `the brief's ${briefPath.join('.')}`),
      });
    }
  };
  compare(['brief', 'id'], ['id'], 'brief-id-mismatch', 'brief.id');
  compare(['brief', 'version'], ['version'], 'brief-version-mismatch', 'brief.version');
  compare(['project_id'], ['project_id'], 'project-mismatch', 'project_id');
  const digest = scalarAt(root, ['brief', 'digest']);
  if (digest && typeof digest.value === 'string' && brief.digest && digest.value !== brief.digest) {
    out.push({
      code: 'digest-mismatch',
      message: `brief.digest does not match the brief: its content hashes to ${brief.digest}.`,
      span: digest.span,
      data: { expected: brief.digest },
    });
  }
  const status = scalarAt(brief.root, ['status']);
  if (status && !isExecutableStatus(status.value)) {
    out.push({
      code: 'brief-not-executable',
      message: `The brief's status is "${String(status.value)}": only a compiled brief (or a later state other than archived) can run.`,
      span: localPath.span,
      related: relatedAt(brief, ['status'], 'the brief\'s status'),
    });
  }
  const throttle = scalarAt(root, ['foundry', 'throttle']);
  const briefThrottle = scalarAt(brief.root, ['foundry', 'throttle']);
  if (throttle?.value === 'full' && briefThrottle?.value === 'dry_run') {
    out.push({
      code: 'throttle-exceeds-brief',
      message: 'The request runs "full" (mutating) while the brief allows only "dry_run".',
      span: throttle.span,
      related: relatedAt(brief, ['foundry', 'throttle'], 'the brief\'s throttle'),
    });
  }
  const event = scalarAt(root, ['foundry', 'entry_event']);
  const briefEvent = scalarAt(brief.root, ['foundry', 'entry_event']);
  if (event && briefEvent && event.value !== briefEvent.value) {
    out.push({
      code: 'brief-runtime-differs',
      message: `entry_event "${String(event.value)}" differs from the brief's "${String(briefEvent.value)}".`,
      span: event.span,
      related: relatedAt(brief, ['foundry', 'entry_event'], 'the brief\'s entry_event'),
    });
  }
  const payload = nodeAtPath(root, ['foundry', 'payload']);
  const briefPayload = nodeAtPath(brief.root, ['foundry', 'payload']);
  const payloadValue = (request.value as { foundry?: { payload?: JsonValue } } | undefined)?.foundry?.payload;
  const briefPayloadValue = (brief.value as { foundry?: { payload?: JsonValue } } | undefined)?.foundry?.payload;
  // Compared as the key hashes them (RFC 8785): -0 and 0, 1.0 and 1 are the same payload.
  if (payload && briefPayload && payloadValue !== undefined && briefPayloadValue !== undefined && canonicalJson(payloadValue) !== canonicalJson(briefPayloadValue)) {
    out.push({
      code: 'brief-runtime-differs',
      message: 'foundry.payload differs from the brief\'s foundry.payload.',
      span: propertyAtPath(root, ['foundry', 'payload'])?.keySpan ?? payload.span,
      related: relatedAt(brief, ['foundry', 'payload'], 'the brief\'s payload'),
    });
  }
  return out;
}
