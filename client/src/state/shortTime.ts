// Times as the editor shows them next to a request: "14:02" today, "Dec 1 14:02" this year,
// "2025-12-01 14:02" before, in the user's local time (the offset is passed in, so tests pin it).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `offsetMinutes`: minutes east of UTC (`-new Date().getTimezoneOffset()`). */
export function shortTime(iso: string, now: number, offsetMinutes: number): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const local = new Date(ms + offsetMinutes * 60_000);
  const today = new Date(now + offsetMinutes * 60_000);
  const clock = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  const sameYear = local.getUTCFullYear() === today.getUTCFullYear();
  if (sameYear && local.getUTCMonth() === today.getUTCMonth() && local.getUTCDate() === today.getUTCDate()) return clock;
  if (sameYear) return `${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()} ${clock}`;
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${clock}`;
}
