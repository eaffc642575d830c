// A small unified line diff, for the refusal "this key was already submitted with other bytes":
// the submitted bytes against the file as it is now, so a formatting-only edit is seen at once.
// Longest common subsequence over lines; bounded in size and in the lines it prints. Pure.

/** Files longer than this (in lines) are not diffed: the refusal names the fields instead. */
const MAX_DIFF_LINES = 2000;
const CONTEXT = 1;

type Op = { kind: ' ' | '-' | '+'; text: string; before: number; after: number };

function operations(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // common[i][j]: the LCS length of a[i..] and b[j..], one flat array.
  const common = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i * (m + 1) + j] =
        a[i] === b[j] ? common[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(common[(i + 1) * (m + 1) + j], common[i * (m + 1) + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++], before: i, after: ++j });
    else if (i < n && (j >= m || common[(i + 1) * (m + 1) + j] >= common[i * (m + 1) + j + 1]))
      ops.push({ kind: '-', text: a[i++], before: i, after: j });
    else ops.push({ kind: '+', text: b[j++], before: i, after: j });
  }
  return ops;
}

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * `--- before` / `+++ after` and hunks `@@ -l,n +l,n @@` with one line of context; at most
 * `maxLines` lines of hunks, then a line saying how many were left out. Empty when the texts have
 * the same lines (a difference only in line endings shows as a note instead).
 */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, maxLines = 40): string[] {
  const a = linesOf(before);
  const b = linesOf(after);
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) return [`(the files have over ${MAX_DIFF_LINES} lines; no diff is shown)`];
  const ops = operations(a, b);
  if (ops.every((op) => op.kind === ' ')) {
    return before === after ? [] : ['(the lines are the same; the line endings or the final newline differ)'];
  }
  const body: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend the hunk while changes are closer than two context spans apart.
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].kind === ' ' && next - end < 2 * CONTEXT + 1) next++;
      if (next < ops.length && ops[next].kind !== ' ' && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const hunk = ops.slice(start, stop);
    const beforeCount = hunk.filter((op) => op.kind !== '+').length;
    const afterCount = hunk.filter((op) => op.kind !== '-').length;
    // 1-based first line of each side; for a side with no lines, the line after which the change goes.
    const beforeStart = hunk.find((op) => op.kind !== '+')?.before ?? hunk[0].before;
    const afterStart = hunk.find((op) => op.kind !== '-')?.after ?? hunk[0].after;
    body.push(`@@ -${beforeStart},${beforeCount} +${afterStart},${afterCount} @@`);
    for (const op of hunk) body.push(`${op.kind}${op.text}`);
    k = stop;
  }
  const shown = body.slice(0, maxLines);
  if (body.length > maxLines) shown.push(`… (${body.length - maxLines} more diff lines)`);
  return [`--- ${labels.before}`, `+++ ${labels.after}`, ...shown];
}
