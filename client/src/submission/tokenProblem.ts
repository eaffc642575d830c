// What makes an API token unusable before it is stored: the engine refuses such a token too (it
// would corrupt the Authorization header), but the input box says so while it is typed. Pure.

export function tokenProblem(value: string): string | undefined {
  if (value === '') return 'The token is empty.';
  if (value.trim() !== value) return 'The token starts or ends with blanks; paste it without them.';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'The token contains a line break or another control character.';
  return undefined;
}
