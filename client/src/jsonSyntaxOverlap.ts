// Which of our `syntax` diagnostics VS Code's built-in JSON language features already report for an
// open document, so that a trailing comma is listed once, not twice. VS Code's JSON service parses
// with the same parser (jsonc-parser): in `json` documents it reports every parse error, a trailing
// comma and a comment as errors; in `jsonc` documents it ignores comments and makes a trailing comma
// a warning; in both it reports a duplicate key only as a warning and says nothing about an empty
// file or nesting limits. Ours are dropped only where theirs says the same thing as an error.

export interface ShownDiagnostic {
  source?: string;
  code?: unknown;
  message: string;
}

export interface JsonServiceFacts {
  /** The open document's language id; undefined when the file is not open (VS Code checks open files only). */
  languageId: string | undefined;
  /** `json.validate.enable` is on and the built-in JSON extension is there. */
  jsonValidation: boolean;
}

/** Our syntax messages that are not parse errors VS Code reports the same way. */
const OURS_ONLY = [/^Duplicate key /, /^The file is empty/, /^Nesting deeper than /];
const COMMENT = /^Comments are not allowed in JSON/;
const TRAILING_COMMA = /^Trailing comma$/;

function codeOf(d: ShownDiagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null && typeof (code as { value?: unknown }).value === 'string') {
    return (code as { value: string }).value;
  }
  return undefined;
}

/** Whether VS Code's JSON service reports this diagnostic of ours as an error too. */
export function reportedByJsonService(d: ShownDiagnostic, facts: JsonServiceFacts): boolean {
  if (!facts.jsonValidation || d.source !== 'alloy' || codeOf(d) !== 'syntax') return false;
  if (facts.languageId !== 'json' && facts.languageId !== 'jsonc') return false;
  if (OURS_ONLY.some((pattern) => pattern.test(d.message))) return false;
  if (facts.languageId === 'jsonc' && (COMMENT.test(d.message) || TRAILING_COMMA.test(d.message))) return false;
  return true;
}

/** The diagnostics to show: ours minus those VS Code's JSON service already shows as errors. */
export function withoutJsonServiceDuplicates<T extends ShownDiagnostic>(diagnostics: readonly T[], facts: JsonServiceFacts): T[] {
  return diagnostics.filter((d) => !reportedByJsonService(d, facts));
}
