// The result of reading untrusted input: the value, or a message that says what is wrong with it.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
