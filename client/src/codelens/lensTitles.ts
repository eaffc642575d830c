// The CodeLens rows above a request ("Submit (dry_run) → host", digest ✓/✗, key ✓/✗, the last
// submission and its report) and above a brief ("N requests name this brief"), as plain data: a
// title, a tooltip, and what clicking does. Pure, so the words are tested without an editor.

import type { BriefFacts, Check, RequestFacts } from '../state/fileFacts';
import type { SubmitTarget } from '../state/submitTarget';
import { outcomeWords, reportWords, sendingWords, type SendingFacts, type SubmissionFacts } from '../state/submissionFacts';

export type LensAction = 'submit' | 'show-reports' | 'compare' | 'show-problems' | 'open-requests' | 'open-settings' | 'none';

export interface LensSpec {
  title: string;
  tooltip: string;
  action: LensAction;
}

export interface RequestLensInput {
  facts: RequestFacts;
  target: SubmitTarget;
  last?: SubmissionFacts;
  sending?: SendingFacts;
  now: number;
  /** "14:02" and the like (see shortTime). */
  time(iso: string): string;
}

function problemCount(facts: RequestFacts): number {
  return facts.errors + facts.briefErrors;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function checkLens(name: string, subject: string, okText: string, check: Check): LensSpec {
  switch (check.state) {
    case 'ok':
      return { title: `${name} ✓`, tooltip: `${subject} ${okText}.`, action: 'none' };
    case 'wrong':
      return {
        title: `${name} ✗`,
        tooltip: `${subject} is wrong: ${check.why}. The quick fix writes the right value.`,
        action: 'show-problems',
      };
    case 'unknown':
      return { title: `${name} ?`, tooltip: `${subject} cannot be checked: ${check.why}.`, action: 'none' };
  }
}

function submitLens(input: RequestLensInput): LensSpec {
  const { facts, target } = input;
  const throttle = facts.throttle ?? '?';
  const full = throttle === 'full';
  const title = `${full ? '⚠ ' : ''}Submit (${throttle}) → ${target.shown}`;
  if (input.sending) {
    return {
      title: `Submitting… ${sendingWords(input.sending, input.now)}`,
      tooltip: 'A submission of this file is in progress in this window.',
      action: 'none',
    };
  }
  if (!target.ok) return { title, tooltip: `Not ready to send: ${target.why}.`, action: 'open-settings' };
  const problems = problemCount(facts);
  if (problems > 0) {
    const where = facts.briefErrors > 0 && facts.errors === 0 ? 'in its brief ' : '';
    return {
      title: `${title} (fix ${plural(problems, 'error')} ${where}first)`,
      tooltip: 'Submitting is refused while the request or its brief has errors.',
      action: 'show-problems',
    };
  }
  const tooltip = full
    ? `throttle "full": mutators change the repository. You will be asked to confirm (project ${facts.projectId ?? '?'}, branch ${facts.branch ?? 'none'}, brief ${facts.briefId ?? '?'}).`
    : `throttle "dry_run": observers run, mutators are simulated. Sends the saved file to ${target.shown}.`;
  return { title, tooltip, action: 'submit' };
}

function lastLens(input: RequestLensInput): LensSpec | undefined {
  const last = input.last;
  if (!last) return undefined;
  const when = `submitted ${input.time(last.at)}${last.sameKey ? '' : ' with an earlier key'}`;
  const parts = [when, outcomeWords(last)];
  if (last.report) parts.push(`report: ${reportWords(last.report)}`);
  const tooltip = last.sameKey
    ? 'The latest submission of this request. Click to show its reports.'
    : 'The latest submission of this file had another idempotency key: the file now describes a new run.';
  return { title: parts.join(' · '), tooltip, action: 'show-reports' };
}

export function requestLenses(input: RequestLensInput): LensSpec[] {
  const lenses = [
    submitLens(input),
    checkLens('digest', 'brief.digest', "matches the brief's content", input.facts.digest),
    checkLens('key', 'idempotency_key', 'matches its seven inputs', input.facts.keyCheck),
  ];
  const last = lastLens(input);
  if (last) lenses.push(last);
  return lenses;
}

export function briefLenses(facts: BriefFacts, naming: number): LensSpec[] {
  if (naming === 0) {
    return [
      {
        title: 'no request names this brief',
        tooltip: 'No request in this workspace has this file as its brief.local_path.',
        action: 'none',
      },
    ];
  }
  const title = naming === 1 ? '1 request names this brief' : `${naming} requests name this brief`;
  const digest = facts.digest === undefined ? 'This brief cannot be digested yet.' : `Its digest is ${facts.digest}.`;
  return [{ title, tooltip: `Open ${naming === 1 ? 'it' : 'one of them'}. ${digest}`, action: 'open-requests' }];
}
