// What the user is told after the start-up recovery (SPEC §7.4): interrupted submissions whose
// recorded bytes were re-sent, those left as "outcome unknown — check Foundry" (with "Resend (Same
// Key)"), and a ledger that could not be read. The lines for the log use the engine's words. Pure.

import { refusalText, sentText, unknownOutcomeText, type RecoveryReport } from '../../../server/src/submission';
import type { Notice } from './submitNotice';

export function recoveryLogLines(report: RecoveryReport): string[] {
  return [
    ...report.resent.map((r) => `Recovery: interrupted submission of ${r.requestId} re-sent (same bytes, same key): ${sentText(r)}`),
    ...report.unknown.map((u) => `Recovery: ${unknownOutcomeText(u)}`),
    ...report.refusals.map((r) => `Recovery: ${refusalText(r)}`),
    ...report.warnings,
  ];
}

function names(ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}

export function recoveryNotices(report: RecoveryReport): Notice[] {
  const notices: Notice[] = [];
  if (report.resent.length > 0) {
    const lines = report.resent.map((r) => `${r.requestId}: ${sentText(r)}`);
    const n = report.resent.length;
    notices.push({
      severity: report.resent.every((r) => r.outcome === 'accepted' || r.outcome === 'already-submitted') ? 'info' : 'warning',
      text: `Alloy re-sent ${n} interrupted submission${n === 1 ? '' : 's'} (the recorded bytes, the same key): ${lines.join('; ')}`,
      actions: ['show-submissions'],
    });
  }
  if (report.unknown.length > 0) {
    const ids = report.unknown.map((u) => u.record.requestId);
    const single = report.unknown.length === 1 ? report.unknown[0].record : undefined;
    notices.push({
      severity: 'warning',
      text: single
        ? unknownOutcomeText(report.unknown[0])
        : `${ids.length} submissions have an unknown outcome — check Foundry: ${names(ids)}. Alloy: Resend (Same Key) sends one again.`,
      actions: single ? ['resend', 'show-submissions'] : ['show-submissions'],
      ...(single ? { key: single.key, requestId: single.requestId } : {}),
    });
  }
  if (report.refusals.length > 0) {
    notices.push({
      severity: 'error',
      text: `Alloy could not recover interrupted submissions: ${refusalText(report.refusals[0])}`,
      actions: ['show-output'],
    });
  }
  return notices;
}
