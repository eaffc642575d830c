// The rows of "Alloy: Show Submissions" (one per submission in the shared ledger, this workspace's
// first, newest first; a row re-sent later is left out for the one that re-sent it) and what can be
// done with the one chosen. Pure: the quick pick itself is in showSubmissions.ts.

import { isInside } from '../../../server/src/core';
import { submissionStateText, utcMinute, type SubmissionState, type SubmissionSummary } from '../../../server/src/submission';
import * as path from 'node:path';

export interface SubmissionPick {
  label: string;
  description: string;
  detail: string;
  summary: SubmissionSummary;
}

export interface SubmissionGroups {
  here: SubmissionPick[];
  elsewhere: SubmissionPick[];
}

const ICONS: Record<SubmissionState, string> = {
  sending: '$(sync~spin)',
  accepted: '$(pass)',
  'already-submitted': '$(history)',
  rejected: '$(error)',
  'given-up': '$(warning)',
  cancelled: '$(circle-slash)',
  interrupted: '$(debug-pause)',
  'outcome-unknown': '$(question)',
};

export function stateWords(summary: Pick<SubmissionSummary, 'state' | 'status' | 'replayed'>): string {
  const status = summary.status === undefined ? '' : ` (${summary.status}${summary.replayed ? ', replayed' : ''})`;
  return `${submissionStateText(summary.state, true)}${status}`;
}

function pickOf(summary: SubmissionSummary, folders: readonly string[]): SubmissionPick {
  const where = summary.transport === 'foundry-cli' ? 'foundry emit' : (summary.endpointHost ?? 'unknown host');
  const file = summary.requestFile === undefined ? 'request file not recorded' : shownFile(summary.requestFile, folders);
  const resent = summary.resendOf === undefined ? '' : ' · re-sent recorded bytes';
  return {
    label: `${ICONS[summary.state]} ${summary.requestId}`,
    description: stateWords(summary),
    detail: `${utcMinute(summary.at)} → ${where} · ${file} · ${summary.key.slice(0, 'sha256:'.length + 12)}…${resent}`,
    summary,
  };
}

function shownFile(file: string, folders: readonly string[]): string {
  const folder = folders.find((f) => isInside(f, file));
  return folder === undefined ? file : path.relative(folder, file).split(path.sep).join('/');
}

export function submissionGroups(submissions: readonly SubmissionSummary[], folders: readonly string[]): SubmissionGroups {
  const live = submissions.filter((s) => s.resentBy === undefined).reverse();
  const inside = (s: SubmissionSummary) =>
    folders.length === 0 || (s.requestFile !== undefined && folders.some((f) => isInside(path.resolve(f), path.resolve(s.requestFile!))));
  return {
    here: live.filter(inside).map((s) => pickOf(s, folders)),
    elsewhere: live.filter((s) => !inside(s)).map((s) => pickOf(s, folders)),
  };
}

export type SubmissionActionId = 'show-report' | 'open-raw' | 'open-request' | 'compare' | 'resend';

export interface SubmissionAction {
  id: SubmissionActionId;
  label: string;
  description?: string;
}

const RESENDABLE: readonly SubmissionState[] = ['outcome-unknown', 'given-up', 'cancelled', 'interrupted'];

/** What can be done with a chosen submission, the most useful first. */
export function submissionActions(summary: SubmissionSummary, facts: { hasReport: boolean; fileExists: boolean }): SubmissionAction[] {
  const actions: SubmissionAction[] = [];
  if (facts.hasReport) {
    actions.push({ id: 'show-report', label: '$(preview) Show its report', description: 'in the Alloy Reports panel' });
    actions.push({ id: 'open-raw', label: '$(json) Open the raw report', description: 'as received, in a read-only editor' });
  }
  if (facts.fileExists) actions.push({ id: 'open-request', label: '$(go-to-file) Open the request file' });
  else actions.push({ id: 'show-report', label: '$(preview) Show it in the reports panel', description: 'the request file is gone' });
  if (summary.sha256 !== undefined && facts.fileExists) {
    actions.push({ id: 'compare', label: '$(diff) Compare with Submitted', description: 'the recorded bytes against the file now' });
  }
  if (RESENDABLE.includes(summary.state)) {
    actions.push({ id: 'resend', label: '$(refresh) Resend (Same Key)', description: 'the recorded bytes, with the same idempotency key' });
  }
  return actions.filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i);
}
