// The quick fix of a `pre-v1-brief` diagnostic: the whole migration to v1, as one fix.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../document/diagnostic';
import { migrateBrief } from './briefMigration';
import type { QuickFix } from './quickFixes';

export const MIGRATION_FIX_TITLE = 'Migrate to alloy.formation_brief.v1 (placeholders mark what is left to fill in)';

/** The migration fix for a `pre-v1-brief` diagnostic; none for other codes or when the file cannot be migrated. */
export function migrationFixesFor(workspace: AlloyWorkspace, file: string, diagnostic: Pick<AlloyDiagnostic, 'code'>): QuickFix[] {
  if (diagnostic.code !== 'pre-v1-brief') return [];
  const analysis = workspace.analysisOf(file);
  if (!analysis) return [];
  const migration = migrateBrief(analysis);
  return migration.ok && migration.edits.length > 0 ? [{ title: MIGRATION_FIX_TITLE, edits: migration.edits, isPreferred: true }] : [];
}
