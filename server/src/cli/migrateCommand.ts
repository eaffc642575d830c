// `alloy migrate <brief> [--write] [--diff]`: rewrites a pre-v1 Formation Brief as
// alloy.formation_brief.v1 with the core's migration (the edits of the editor's quick fix).
// stdout gets the migrated text (or, with --diff, a diff); --write writes it in place. Each change
// and each placeholder left to fill in is listed on stderr, escaped like every value the CLI shows.

import { migrateBrief } from '../core';
import type { MigrateCommand } from './arguments';
import type { CliRuntime } from './cliRuntime';
import { countNoun } from './countNoun';
import { displayPath } from './displayPath';
import { unifiedDiff } from './lineDiff';
import { loadSingleFile, reportNotJsonData } from './loadSingleFile';
import type { Output } from './output';
import { visibleText } from '../submission';

/** Long enough for any brief's migration; the diff says how many lines it left out beyond this. */
const MAX_DIFF_LINES = 2000;

export function runMigrate(command: MigrateCommand, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): number {
  const loaded = loadSingleFile(command.file, cwd, stderr, runtime);
  if (!loaded.ok) return loaded.exitCode;
  const { analysis } = loaded;
  const shown = visibleText(displayPath(analysis.path, cwd));
  if (!analysis.isJsonData) {
    reportNotJsonData(analysis, 'it cannot be migrated', cwd, stderr, runtime);
    return 1;
  }
  const migration = migrateBrief(analysis);
  if (!migration.ok) {
    stderr.write(`alloy: ${shown} is not migrated: ${visibleText(migration.reason)}\n`);
    return 1;
  }
  for (const note of migration.notes) stderr.write(`alloy: ${shown}: ${visibleText(note.path)}: ${visibleText(note.message)}\n`);
  const placeholders = migration.notes.filter((n) => n.kind === 'placeholder').length;
  if (command.diff) {
    const diff = unifiedDiff(analysis.text, migration.text, { before: `${shown} (pre-v1)`, after: `${shown} (v1)` }, MAX_DIFF_LINES);
    for (const line of diff) stdout.write(`${visibleText(line)}\n`);
  }
  if (command.write) {
    const written = runtime.host.writeFile(analysis.path, migration.text);
    if (!written.ok) {
      stderr.write(`alloy: ${shown}: cannot write this file (${visibleText(written.reason)})\n`);
      return 2;
    }
    stdout.write(`migrated ${shown}\n`);
  } else if (!command.diff) {
    // The migrated file itself, byte for byte, so that it can be redirected into a file.
    stdout.write(migration.text);
  }
  stderr.write(
    placeholders === 0
      ? 'no placeholders are left: the brief is complete\n'
      : `${countNoun(placeholders, 'placeholder')} to fill in ("TODO(alloy migrate): …", each a placeholder diagnostic)\n`,
  );
  return 0;
}
