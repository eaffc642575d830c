// How a count is written in a message: digits in groups of three, "19,900" (what
// `toLocaleString('en-US')` gives for an integer, without the 10 ms the first call spends
// setting up Intl in a fresh process).

export function countText(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
