// The exit code and one-word label of a request's result in `alloy submit` and `alloy resend`:
// 0 accepted, already submitted, or already being sent by another submitter (nothing sent twice);
// 1 rejected, given up or cancelled (something was tried and did not go through); 2 refused
// locally, nothing sent.

import type { SubmitResult } from '../submission';

export type ResultLabel = 'accepted' | 'already-submitted' | 'already-sending' | 'rejected' | 'given-up' | 'cancelled' | 'refused';

export function resultLabelOf(result: SubmitResult): ResultLabel {
  if (result.kind === 'refused') return result.refusal.kind === 'in-flight' ? 'already-sending' : 'refused';
  if (result.kind === 'already-submitted') return 'already-submitted';
  return result.outcome;
}

export function exitCodeOfLabel(label: ResultLabel): 0 | 1 | 2 {
  switch (label) {
    case 'accepted':
    case 'already-submitted':
    case 'already-sending':
      return 0;
    case 'rejected':
    case 'given-up':
    case 'cancelled':
      return 1;
    case 'refused':
      return 2;
  }
}
