// The status bar item for the active Alloy file, as data: "valid", "N problems", "sending · attempt
// n of N", "submitted 14:02 · accepted", "report in · completed". The item is hidden for other
// files. Pure, shared words with the CodeLens (submissionFacts.ts).

import { hasBlockingErrors, type FileFacts } from '../state/fileFacts';
import { outcomeWords, reportWords, sendingWords, type SendingFacts, type SubmissionFacts } from '../state/submissionFacts';

export type StatusAction = 'show-problems' | 'show-reports' | 'show-output' | 'none';

export interface StatusSpec {
  text: string;
  tooltip: string;
  action: StatusAction;
  tone: 'normal' | 'warning' | 'error';
}

export interface StatusInput {
  facts: FileFacts;
  last?: SubmissionFacts;
  sending?: SendingFacts;
  /** For a brief: how many requests name it. */
  naming?: number;
  now: number;
  time(iso: string): string;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function statusOf(input: StatusInput): StatusSpec | undefined {
  const { facts } = input;
  if (facts.kind === 'other') return undefined;
  if (facts.kind === 'request' && input.sending) {
    return {
      text: `$(sync~spin) Alloy: sending · ${sendingWords(input.sending, input.now)}`,
      tooltip: 'Submitting this request; the progress notification can cancel it.',
      action: 'show-output',
      tone: 'normal',
    };
  }
  if (hasBlockingErrors(facts)) {
    const own = facts.errors;
    const brief = facts.kind === 'request' ? facts.briefErrors : 0;
    const where = [own > 0 ? `${own} in this file` : '', brief > 0 ? `${brief} in its brief` : ''].filter(Boolean).join(', ');
    const tail = facts.kind === 'request' ? '; submitting is refused until they are fixed' : '';
    return {
      text: `$(error) Alloy: ${plural(own + brief, 'problem')}`,
      tooltip: `${plural(own + brief, 'error')} (${where})${tail}. Click to open the Problems view.`,
      action: 'show-problems',
      tone: 'error',
    };
  }
  const warnings = facts.warnings > 0 ? ` · ${plural(facts.warnings, 'warning')}` : '';
  if (facts.kind === 'brief') {
    const naming = input.naming === undefined ? '' : ` · ${plural(input.naming, 'request')}`;
    return { text: `$(check) Alloy brief: valid${warnings}${naming}`, tooltip: 'The brief has no errors.', action: 'none', tone: 'normal' };
  }
  const last = input.last;
  if (last?.sameKey) {
    if (last.report) {
      const failed = last.report.phase === 'failed' || last.report.flagged;
      return {
        text: `${failed ? '$(error)' : '$(pass)'} Alloy: report in · ${reportWords(last.report)}`,
        tooltip: `Submitted ${input.time(last.at)} (${outcomeWords(last)}); Foundry reported ${last.report.phase} at ${input.time(last.report.receivedAt)}. Click to show the report.`,
        action: 'show-reports',
        tone: failed ? 'warning' : 'normal',
      };
    }
    const unsure = last.state === 'outcome-unknown' || last.state === 'given-up' || last.state === 'interrupted';
    return {
      text: `${unsure ? '$(warning)' : '$(cloud-upload)'} Alloy: submitted ${input.time(last.at)} · ${outcomeWords(last)}`,
      tooltip: unsure
        ? 'The outcome of the latest submission is not known: check Foundry, or use Alloy: Resend (Same Key).'
        : 'The latest submission of this request; no report has arrived yet. Click to show the reports.',
      action: 'show-reports',
      tone: unsure ? 'warning' : 'normal',
    };
  }
  return {
    text: `$(check) Alloy: valid${warnings}`,
    tooltip: `The request has no errors${facts.throttle ? ` (throttle ${facts.throttle})` : ''}; Alloy: Submit Request sends it.`,
    action: 'none',
    tone: 'normal',
  };
}
