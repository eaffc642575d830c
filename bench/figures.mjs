// Summaries of timing samples and the table the bench prints.

import * as os from 'node:os';

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples) => percentile(samples, 50);

export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

/**
 * A row of the table. `budget` is shown as written; `met` is true/false, or undefined for a
 * figure that has no budget.
 */
export function row(figure, measured, budget = '', met = undefined) {
  return { figure, measured, budget, met };
}

export function formatTable(rows) {
  const header = { figure: 'Figure', measured: 'Measured', budget: 'Budget', met: 'Met' };
  const cells = [header, ...rows].map((r) => [
    r.figure,
    r.measured,
    r.budget,
    r === header ? r.met : r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n') + '\n';
}

export function machineInfo() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() ?? 'unknown CPU';
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return `node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${model}), ${memory} RAM`;
}
