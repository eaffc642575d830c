// The placeholders `alloy migrate` leaves where a v1 brief needs a value the pre-v1 brief does
// not have: strings starting "TODO(alloy migrate): ", each reported as a `placeholder` wherever
// it is, whatever the schema says of that member (so other codes on its range are silenced).

import type { PendingDiagnostic } from '../document/diagnostic';
import { scalarsWhere, spanAtPath, type JsonValue, type SyntaxNode } from '../document/syntaxTree';

export const MIGRATION_PLACEHOLDER_PREFIX = 'TODO(alloy migrate): ';

/** A placeholder saying what belongs there, e.g. `migrationPlaceholder('who created the brief')`. */
export function migrationPlaceholder(what: string): string {
  return MIGRATION_PLACEHOLDER_PREFIX + what;
}

export function isMigrationPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(MIGRATION_PLACEHOLDER_PREFIX);
}

/** One `placeholder` diagnostic per migration placeholder in the data, on its value. */
export function migrationPlaceholderDiagnostics(text: string, value: JsonValue, tree: () => SyntaxNode): PendingDiagnostic[] {
  // A quick look first: only a text holding the prefix (or an escape that could spell it) is walked.
  if (!text.includes(MIGRATION_PLACEHOLDER_PREFIX.trimEnd()) && !text.includes('\\')) return [];
  const found = scalarsWhere(value, isMigrationPlaceholder);
  if (found.length === 0) return [];
  const root = tree();
  return found.map(({ path, value: placeholder }) => ({
    code: 'placeholder',
    message: `Placeholder left by the migration to v1: ${placeholder.slice(MIGRATION_PLACEHOLDER_PREFIX.length)}. Replace it with the real value.`,
    span: spanAtPath(root, path),
  }));
}
