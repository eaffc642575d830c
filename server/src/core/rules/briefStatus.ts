// The brief lifecycle (SPEC §3) and which states a request may execute.

const BRIEF_STATES = [
  'draft',
  'reviewable',
  'approved',
  'compiled',
  'queued',
  'accepted',
  'executing',
  'completed',
  'analyzed',
  'archived',
] as const;

/** `compiled` or later, except `archived`. */
export function isExecutableStatus(status: unknown): boolean {
  const index = BRIEF_STATES.indexOf(status as (typeof BRIEF_STATES)[number]);
  return index >= BRIEF_STATES.indexOf('compiled') && status !== 'archived';
}
