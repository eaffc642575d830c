// The Foundry blocks the dev intake pretends to run for each entry event, and which of them
// mutate the repository. Invented for the simulation; real formations are Foundry's business.

export interface FormationBlock {
  name: string;
  /** A mutator changes the repository (files or commits); dry_run simulates it. */
  mutates: boolean;
  /** Publishes the change (commit, push); dry_run skips it altogether. */
  publishes: boolean;
}

const observe = (name: string): FormationBlock => ({ name, mutates: false, publishes: false });
const mutate = (name: string): FormationBlock => ({ name, mutates: true, publishes: false });
const publish = (name: string): FormationBlock => ({ name, mutates: true, publishes: true });

const BLOCKS: Record<string, FormationBlock[]> = {
  iteration_requested: [
    observe('Assess Project'),
    observe('Create Plan'),
    mutate('Execute Plan'),
    observe('Run Verify Gates'),
    publish('Commit and Push'),
  ],
  execution_requested: [
    observe('Read Prompt'),
    observe('Plan Change'),
    mutate('Apply Change'),
    observe('Run Verify Gates'),
    publish('Commit and Push'),
  ],
  maintenance_requested: [
    observe('Assess Dependencies'),
    mutate('Apply Maintenance'),
    observe('Run Verify Gates'),
    publish('Commit and Push'),
  ],
  validation_requested: [observe('Run Verify Gates')],
  scan_requested: [observe('Scan Repository'), observe('Report Findings')],
};

/** The blocks of an entry event's formation, in order (a lone verify block for an unknown event). */
export function formationBlocks(entryEvent: string): FormationBlock[] {
  return BLOCKS[entryEvent] ?? [observe('Run Verify Gates')];
}

/** `iteration_requested` → `iteration_completed` (or `_failed`): the trace's terminal event. */
export function terminalEvent(entryEvent: string, failed: boolean): string {
  const stem = entryEvent.endsWith('_requested') ? entryEvent.slice(0, -'_requested'.length) : entryEvent;
  return `${stem}_${failed ? 'failed' : 'completed'}`;
}
