// Values from files (paths, branch names, diagnostic messages quoting keys) as terminal text shows
// them, in the refusals and in the CLI's text output alike: every character that could end a line
// or drive a terminal is written as a visible JSON-like escape, so file content can never start a
// line of its own (a CI workflow command such as `::error file=…::`) nor move the cursor, and a
// refusal's diagnostic lines stay exactly the lines `alloy check` prints.

/**
 * C0 controls (tab, CR and LF too), DEL, C1 controls, the Unicode line and paragraph separators,
 * and the bidirectional embeddings, overrides and isolates.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(c: string): string {
  return SHORT[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/** `\n`, `\r`, `\t` and `\uXXXX` (lowercase hex) in place of those characters; the rest unchanged. */
export function visibleText(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escaped) : text;
}
