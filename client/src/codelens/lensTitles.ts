// The extension's own CodeLens rows above a request ("Submit (dry_run) → host", the last submission
// and its report), as plain data: a title, a tooltip, and what clicking does. Pure, so the words are
// tested without an editor. The digest, key and "N requests name this brief" rows come from the
// language server, for every editor alike (server/src/lsp/codeLensFeature.ts); they are not drawn
// here, so VS Code shows each row once.

import type { RequestFacts } from '../state/fileFacts';
import type { SubmitTarget } from '../state/submitTarget';
import { outcomeWords, reportWords, sendingWords, type SendingFacts, type SubmissionFacts } from '../state/submissionFacts';

export type LensAction = 'submit' | 'show-reports' | 'show-problems' | 'open-settings' | 'none';

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
  const lenses = [submitLens(input)];
  const last = lastLens(input);
  if (last) lenses.push(last);
  return lenses;
}
