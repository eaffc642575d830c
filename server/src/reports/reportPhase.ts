// The four callback phases Foundry reports (SPEC §8.1), in the order a run goes through them.
// `completed` and `failed` are terminal: nothing after them changes the shown state.

export const REPORT_PHASES = ['accepted', 'started', 'completed', 'failed'] as const;

export type ReportPhase = (typeof REPORT_PHASES)[number];

export function isReportPhase(value: string): value is ReportPhase {
  return (REPORT_PHASES as readonly string[]).includes(value);
}

/** How far along a run a phase is: a higher rank is never replaced by a lower one. */
export function phaseRank(phase: ReportPhase): number {
  return phase === 'accepted' ? 1 : phase === 'started' ? 2 : 3;
}

export function isTerminalPhase(phase: ReportPhase): boolean {
  return phase === 'completed' || phase === 'failed';
}
