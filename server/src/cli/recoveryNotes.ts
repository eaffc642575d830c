// What `alloy submit` says about crash leftovers it resolved at its start (SPEC §7.4): each
// interrupted submission whose recorded bytes were re-sent, each one left as "outcome unknown —
// check Foundry", and why a recovery could not be tried. In the engine's words.

import { refusalText, sentText, unknownOutcomeText, type RecoveryReport } from '../submission';

export function recoveryLines(report: RecoveryReport, cwd: string): string[] {
  return [
    ...report.warnings.map((w) => `warning: ${w}`),
    ...report.resent.map((r) => `interrupted submission of ${r.requestId} (key ${r.key}): ${sentText(r)}`),
    ...report.unknown.map((u) => unknownOutcomeText(u)),
    ...report.refusals.map((r) => `an interrupted submission was not re-sent: ${refusalText(r, { cwd })}`),
  ];
}

/** The same, as data for `--format json`. */
export function recoveryJson(report: RecoveryReport): object {
  return {
    resent: report.resent.map((r) => ({
      requestId: r.requestId,
      key: r.key,
      submission: r.submission,
      resendOf: r.resendOf,
      outcome: r.outcome,
      status: r.status,
      text: sentText(r),
    })),
    unknown: report.unknown.map((u) => ({ requestId: u.record.requestId, key: u.record.key, text: unknownOutcomeText(u) })),
    refusals: report.refusals.map((r) => ({ kind: r.kind, text: refusalText(r) })),
  };
}
