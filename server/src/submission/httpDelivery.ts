// The HTTP attempt loop (SPEC §7.2): post the recorded bytes with the same key, classify each
// answer, wait (Retry-After, or backoff with full jitter) and try again within the attempt limit
// and the total budget; cancellation stops it at once. Every attempt and the outcome are recorded.

import type { SubmissionOutcome } from './ledgerEntry';
import { errorText } from './ledger';
import type { HttpAnswer } from './ports';
import { problemSentence, type ProblemWords } from './problemDetails';
import { classifyResponse, type Verdict } from './responseRules';
import { attemptTimeoutMs, nextStep } from './retryPolicy';
import type { DeliveryContext, Shipment, SubmissionRecorder } from './delivery';
import type { SentResult } from './submitResult';

type Ending = {
  outcome: SubmissionOutcome;
  status?: number;
  detail?: string;
  problem?: ProblemWords;
  authNeeded?: boolean;
  replayed?: boolean;
  location?: string;
};

const MAX_LOCATION = 500;

function scrubbedProblem(problem: ProblemWords, scrub: (s: string) => string): ProblemWords {
  return {
    ...(problem.title === undefined ? {} : { title: scrub(problem.title) }),
    ...(problem.detail === undefined ? {} : { detail: scrub(problem.detail) }),
  };
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The final verdicts in outcome form; retryable ones return undefined. Server words are scrubbed. */
function ending(verdict: Verdict, scrub: (s: string) => string): Ending | undefined {
  switch (verdict.kind) {
    case 'accepted':
      return { outcome: 'accepted', status: verdict.status };
    case 'already-submitted':
      return { outcome: 'already-submitted', status: verdict.status, replayed: verdict.replayed };
    case 'rejected': {
      const problem = scrubbedProblem(verdict.problem, scrub);
      return { outcome: 'rejected', status: verdict.status, problem, detail: problemSentence(problem) };
    }
    case 'auth-needed': {
      const problem = scrubbedProblem(verdict.problem, scrub);
      const words = problemSentence(problem);
      const detail = `not authorised${words === undefined ? '' : `: ${words}`}`;
      return { outcome: 'rejected', status: verdict.status, problem, detail, authNeeded: true };
    }
    case 'redirect': {
      const location =
        verdict.location === undefined ? undefined : scrub(verdict.location.replace(CONTROL_CHARACTERS, '')).slice(0, MAX_LOCATION);
      const where = location === undefined ? 'without a Location' : `to ${location}`;
      return { outcome: 'rejected', status: verdict.status, location, detail: `redirect ${where} not followed: fix the endpoint` };
    }
    default:
      return undefined;
  }
}

function failureWords(answer: HttpAnswer): string {
  return answer.kind === 'response' ? `answer ${answer.status}` : answer.message;
}

export async function httpDelivery(
  shipment: Shipment,
  target: { url: string },
  recorder: SubmissionRecorder,
  context: DeliveryContext,
): Promise<SentResult> {
  const { ports, policy, scrub } = context;
  const startedAt = ports.clock.now();
  const elapsed = () => ports.clock.now() - startedAt;
  const signal = context.signal ?? new AbortController().signal;
  let attempts = 0;
  const finish = async (end: Ending): Promise<SentResult> => {
    await recorder.outcome({
      outcome: end.outcome,
      ...(end.status === undefined ? {} : { status: end.status }),
      ...(end.detail === undefined ? {} : { detail: end.detail }),
      ...(end.replayed ? { replayed: true } : {}),
      ...(end.location === undefined ? {} : { location: end.location }),
    });
    context.onProgress?.({ kind: 'finished', outcome: end.outcome, elapsedMs: elapsed() });
    return {
      kind: 'sent',
      submission: recorder.submission,
      key: shipment.key,
      requestId: shipment.requestId,
      transport: 'http',
      ...end,
      attempts,
      elapsedMs: elapsed(),
      sha256: shipment.sha256,
      ...(shipment.resendOf === undefined ? {} : { resendOf: shipment.resendOf }),
      ledgerErrors: [],
    };
  };
  const cancelled = (when: string) => finish({ outcome: 'cancelled', detail: `cancelled ${when}` });

  for (;;) {
    if (signal.aborted) {
      return cancelled(
        attempts === 0 ? 'before the first attempt; nothing was sent' : `after attempt ${attempts}; Foundry may have received it`,
      );
    }
    attempts++;
    context.onProgress?.({ kind: 'attempt', attempt: attempts, of: policy.maxAttempts, elapsedMs: elapsed() });
    let answer: HttpAnswer;
    try {
      answer = await ports.http.send({
        url: target.url,
        body: shipment.bytes,
        idempotencyKey: shipment.key,
        requestId: shipment.requestId,
        ...(context.token === undefined ? {} : { token: context.token }),
        timeoutMs: attemptTimeoutMs(policy, startedAt, ports.clock.now()),
        signal,
      });
    } catch (error) {
      answer = { kind: 'failure', reason: 'network', message: scrub(errorText(error)), retryable: true, notSent: false };
    }
    if (answer.kind === 'failure') answer = { ...answer, message: scrub(answer.message) };
    context.onProgress?.({
      kind: 'answer',
      attempt: attempts,
      ...(answer.kind === 'response' ? { status: answer.status } : { error: answer.message }),
      elapsedMs: elapsed(),
    });

    if (answer.kind === 'failure' && (answer.reason === 'aborted' || signal.aborted)) {
      await recorder.attempt({ attempt: attempts, error: 'cancelled during the attempt' });
      return cancelled(`during attempt ${attempts}; Foundry may have received it`);
    }
    if (answer.kind === 'response') {
      const verdict = classifyResponse(answer.status, answer.headers, answer.body);
      const end = ending(verdict, scrub);
      if (end) {
        await recorder.attempt({ attempt: attempts, status: answer.status });
        return finish(end);
      }
    } else if (!answer.retryable) {
      await recorder.attempt({ attempt: attempts, error: answer.message, ...(answer.notSent ? { notSent: true } : {}) });
      return finish({ outcome: 'given-up', detail: `not retried: ${answer.message}` });
    }

    const verdict = answer.kind === 'response' ? classifyResponse(answer.status, answer.headers, answer.body) : undefined;
    const retryAfter = verdict?.kind === 'retry-after' ? verdict.retryAfter : undefined;
    const step = nextStep(policy, { attempt: attempts, startedAt, now: ports.clock.now(), retryAfter }, ports.random);
    const recorded =
      answer.kind === 'response' ? { status: answer.status } : { error: answer.message, ...(answer.notSent ? { notSent: true } : {}) };
    if (step.kind === 'stop') {
      await recorder.attempt({ attempt: attempts, ...recorded });
      return finish({
        outcome: 'given-up',
        ...(answer.kind === 'response' ? { status: answer.status } : {}),
        detail: `${step.why}; last: ${failureWords(answer)}`,
      });
    }
    await recorder.attempt({ attempt: attempts, ...recorded, retryInMs: step.delayMs });
    context.onProgress?.({
      kind: 'waiting',
      nextAttempt: attempts + 1,
      of: policy.maxAttempts,
      delayMs: step.delayMs,
      reason: step.reason,
      elapsedMs: elapsed(),
    });
    try {
      await ports.sleep(step.delayMs, signal);
    } catch {
      // only an abort ends a sleep early
    }
    if (signal.aborted) return cancelled(`while waiting to retry, after attempt ${attempts}; Foundry may have received it`);
  }
}
