// The bench's figures: summaries of samples, the record of one figure (target, ours, the
// anchor's figure from the same run, the ratio, met), how each cell is written, and the table
// printed to stdout. readmeTable.mjs writes the same cells as markdown.

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples) => percentile(samples, 50);

/**
 * One figure. `target` is `{ text, ratioAtLeast }` (anchor ÷ ours must reach it), `{ text, max }`
 * (ours must not exceed it), `{ text, equals }`, or undefined (reported only). `anchor` is the
 * anchor's value, or undefined when there is none; `anchorValidated` false means the anchor ran
 * but was not shown to validate, so its value is not used and no ratio is given. `detail` holds
 * the samples behind the figure (percentiles, runs), for the results file only.
 */
export function figure({ id, label, unit, target, ours, anchor, anchorName, anchorValidated, note, detail }) {
  const numeric = (v) => typeof v === 'number' && Number.isFinite(v);
  const validated = anchorValidated ?? (anchor === undefined ? undefined : true);
  const anchorValue = validated === false ? undefined : anchor;
  const ratio = numeric(ours) && numeric(anchorValue) && ours > 0 ? anchorValue / ours : undefined;
  let met;
  if (target?.ratioAtLeast !== undefined) met = ratio === undefined ? null : ratio >= target.ratioAtLeast;
  else if (target?.max !== undefined) met = numeric(ours) ? ours <= target.max : null;
  else if (target?.equals !== undefined) met = ours === undefined ? null : ours === target.equals;
  return {
    id,
    label,
    unit,
    target: target ?? null,
    ours: ours ?? null,
    anchor: anchorValue ?? null,
    anchorName: anchorName ?? null,
    anchorValidated: validated ?? null,
    ratio: ratio ?? null,
    met: met ?? null,
    note: note ?? null,
    detail: detail ?? null,
  };
}

const thousands = (n) => Math.round(n).toLocaleString('en-US');

/** A value in its unit, as the tables show it. */
export function formatValue(value, unit) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'µs':
      return `${thousands(value)} µs`;
    case 'ms':
      if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
      return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
    case 'MB':
      return `${Math.round(value)} MB`;
    case 'KB':
      return `${thousands(value)} KB`;
    default:
      return String(value);
  }
}

/** The six cells of a figure: figure, target, ours, anchor, anchor ÷ ours, met. */
export function cellsOf(f) {
  const anchor =
    f.anchorValidated === false
      ? 'anchor did not validate'
      : f.anchor === null
        ? '—'
        : `${formatValue(f.anchor, f.unit)} (${f.anchorName})`;
  const ratio = f.ratio === null ? '—' : `${f.ratio >= 10 ? Math.round(f.ratio) : f.ratio.toFixed(1)}×`;
  const met = f.met === null ? (f.target ? 'n/a' : '') : f.met ? 'yes' : 'NO';
  return [f.label, f.target?.text ?? '—', formatValue(f.ours, f.unit), anchor, ratio, met];
}

export const HEADER = ['Figure', 'Target', 'Ours', 'Anchor (same run)', 'Anchor ÷ ours', 'Met'];

/** The figures as a plain-text table. */
export function formatTable(figures) {
  const cells = [HEADER, ...figures.map(cellsOf)];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n') + '\n';
}
