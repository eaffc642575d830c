// Times and durations as both front ends print them: "2026-12-01 14:02 UTC", "1 min 12 s".

/** An ISO time (or epoch milliseconds) to the minute, in UTC. */
export function utcMinute(time: string | number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** "850 ms", "12 s", "1 min 12 s", "3 h 5 min". */
export function durationWords(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
