// The run's summary that `alloy submit --wait` prints once a completed or failed report is in:
// status, gates passed and failed, evidence satisfied and missing (set against the brief's
// evidence_plan.required when the brief can be read), capabilities at risk, and errors. Pure: it
// reads a parsed run result and never trusts its shape.

export interface RunSummary {
  runId?: string;
  status?: string;
  gates: { passed: number; failed: number; skipped: number; failedNames: string[] };
  /** Each evidence id by its status; a required id without an observation counts as `missing`. */
  evidence: { byStatus: Record<string, string[]>; required?: number };
  capabilitiesAtRisk: string[];
  errors: { category?: string; message: string }[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Shown strings are one line and bounded: report values come from elsewhere. */
function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function runSummaryOf(result: unknown, requiredEvidence?: readonly string[]): RunSummary {
  const run = record(result) ?? {};
  const gates = { passed: 0, failed: 0, skipped: 0, failedNames: [] as string[] };
  for (const gate of list(run.gates).map(record)) {
    const status = text(gate?.status);
    if (status === 'passed') gates.passed++;
    else if (status === 'skipped') gates.skipped++;
    else {
      gates.failed++;
      const name = text(gate?.name) ?? '(unnamed)';
      const phase = text(gate?.phase);
      gates.failedNames.push(oneLine(phase === undefined ? name : `${phase} ${name}`));
    }
  }
  const observed = new Map<string, string>();
  for (const observation of list(run.evidence_observations).map(record)) {
    const id = text(observation?.evidence_definition_id);
    if (id !== undefined) observed.set(oneLine(id), text(observation?.status) ?? 'unknown');
  }
  for (const id of requiredEvidence ?? []) if (!observed.has(id)) observed.set(id, 'missing');
  const byStatus: Record<string, string[]> = {};
  for (const [id, status] of observed) (byStatus[status] ??= []).push(id);
  const summary = record(run.summary);
  const errors = list(run.errors)
    .map(record)
    .map((e) => ({ category: text(e?.category), message: text(e?.message) ?? JSON.stringify(e ?? null) }))
    .map((e) => ({ ...(e.category === undefined ? {} : { category: oneLine(e.category) }), message: oneLine(e.message, 500) }));
  const runId = text(run.foundry_run_id);
  const status = text(run.status);
  return {
    ...(runId === undefined ? {} : { runId: oneLine(runId) }),
    ...(status === undefined ? {} : { status: oneLine(status) }),
    gates,
    evidence: { byStatus, ...(requiredEvidence === undefined ? {} : { required: requiredEvidence.length }) },
    capabilitiesAtRisk: list(summary?.capabilities_at_risk)
      .map(text)
      .filter((c): c is string => c !== undefined)
      .map((c) => oneLine(c)),
    errors,
  };
}

const EVIDENCE_ORDER = ['satisfied', 'missing', 'failing', 'partially_satisfied', 'waived', 'unknown'];

function evidenceLine(evidence: RunSummary['evidence']): string {
  const statuses = [
    ...EVIDENCE_ORDER,
    ...Object.keys(evidence.byStatus)
      .filter((s) => !EVIDENCE_ORDER.includes(s))
      .sort(),
  ];
  const parts: string[] = [];
  for (const status of statuses) {
    const ids = evidence.byStatus[status] ?? [];
    if (ids.length === 0 && status !== 'satisfied' && status !== 'missing') continue;
    const words = `${ids.length} ${status.replace('_', ' ')}`;
    parts.push(status !== 'satisfied' && ids.length > 0 ? `${words} (${ids.join(', ')})` : words);
  }
  const required = evidence.required === undefined ? '' : ` — ${evidence.required} required by the brief`;
  return `evidence: ${parts.join(', ')}${required}`;
}

/** The summary as printed: a heading and indented lines. */
export function runSummaryLines(summary: RunSummary, phase: string): string[] {
  const run = summary.runId === undefined ? 'run' : `run ${summary.runId}`;
  const { gates } = summary;
  const failed = gates.failedNames.length > 0 ? ` (${gates.failedNames.join(', ')})` : '';
  const skipped = gates.skipped > 0 ? `, ${gates.skipped} skipped` : '';
  const lines = [
    `${run} ${phase}: status ${summary.status ?? '(none given)'}`,
    `  gates: ${gates.passed} passed, ${gates.failed} failed${failed}${skipped}`,
    `  ${evidenceLine(summary.evidence)}`,
    `  capabilities at risk: ${summary.capabilitiesAtRisk.length === 0 ? 'none' : summary.capabilitiesAtRisk.join(', ')}`,
  ];
  if (summary.errors.length === 0) lines.push('  errors: none');
  else {
    lines.push(`  errors: ${summary.errors.length}`);
    for (const e of summary.errors) lines.push(`    ${e.category === undefined ? '' : `${e.category}: `}${e.message}`);
  }
  return lines;
}
