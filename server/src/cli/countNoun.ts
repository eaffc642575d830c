// "1 error", "2 errors": counts in the CLI's summary lines.

export function countNoun(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
