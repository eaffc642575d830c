// The paths of the two read-only virtual documents: `alloy-report:/<request_id>/<file name>` (a
// stored report as received, for "Show raw JSON") and `alloy-submitted:/<submission>/<file name>`
// (the bytes the ledger recorded, the left side of "Compare with Submitted"). The path only names
// things; the providers look them up in what the extension knows, so a crafted URI reads nothing
// else. Pure.

export const REPORT_SCHEME = 'alloy-report';
export const SUBMITTED_SCHEME = 'alloy-submitted';

const REQUEST_ID = /^runreq_[0-9A-Za-z_]+$/;
const SUBMISSION_ID = /^[0-9A-Za-z_-]{1,64}$/;
const FILE_NAME = /^[^/\\\u0000]{1,255}$/;

function baseName(file: string): string {
  const name = file.replace(/^.*[\\/]/, '');
  return FILE_NAME.test(name) && name !== '.' && name !== '..' ? name : 'document.json';
}

export function reportDocumentPath(requestId: string, file: string): string {
  return `/${requestId}/${baseName(file)}`;
}

export function parseReportDocumentPath(path: string): { requestId: string; fileName: string } | undefined {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m || !REQUEST_ID.test(m[1]) || !FILE_NAME.test(m[2]) || m[2] === '.' || m[2] === '..') return undefined;
  return { requestId: m[1], fileName: m[2] };
}

export function submittedDocumentPath(submission: string, requestFile: string): string {
  return `/${submission}/${baseName(requestFile)}`;
}

export function parseSubmittedDocumentPath(path: string): { submission: string } | undefined {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return m && SUBMISSION_ID.test(m[1]) ? { submission: m[1] } : undefined;
}

/** Text of recorded or received bytes for a document: UTF-8 (a BOM kept visible), or why not. */
export function documentText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'the bytes are not UTF-8 text' };
  }
}
