// The door of the Foundry dev intake, for tests and the demo: start one in-process, and the pure
// pieces a test may want to check on their own (fault syntax, phase URLs, the simulated run).

export { startIntake, type Intake, type IntakeOptions, type IntakeStatsView } from './startIntake';
export { parseFaults, FAULT_DOCS, type FaultName, type FaultSettings } from './faults';
export { phaseUrl, callbackSequence, type CallbackPhase } from './callbackPhases';
export { simulateRun, runIdOf, type RunResult, type RunOutcome } from './dryRunSimulation';
export { briefFacts, requestFacts, type BriefFacts, type RequestFacts } from './requestFacts';
export { parseIdempotencyKeyHeader } from './idempotencyKeyHeader';
export { parseIntakeArgs, helpText } from './intakeArgs';
export { INTAKE_PATH_TEMPLATE } from './intakeRoutes';
export type { CallbackTransport, CallbackRecord } from './callbackDelivery';
export type { AttemptEntry } from './intakeStats';
export type { Clock, Log, Sleep } from './ports';
