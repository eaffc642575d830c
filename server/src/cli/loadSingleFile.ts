// Reads and analyses the one file named by `alloy digest` or `alloy key`.

import * as path from 'node:path';
import { AlloyWorkspace, formatOfPath, readProblemText, type FileAnalysis } from '../core';
import type { CliRuntime } from './cliRuntime';
import { checkFiles } from './checkFiles';
import { displayPath } from './displayPath';
import { formatText } from './formatText';
import type { Output } from './output';
import { visibleText } from '../submission';

export type LoadedFile = { ok: true; analysis: FileAnalysis } | { ok: false; exitCode: number };

export function loadSingleFile(file: string, cwd: string, stderr: Output, runtime: CliRuntime): LoadedFile {
  const absolute = path.resolve(cwd, file);
  if (runtime.host.realpath(absolute) === undefined) {
    stderr.write(`alloy: ${visibleText(file)}: no such file\n`);
    return { ok: false, exitCode: 2 };
  }
  if (runtime.host.isDirectory(absolute) || !formatOfPath(absolute)) {
    stderr.write(`alloy: ${visibleText(file)}: not a .json, .yaml or .yml file\n`);
    return { ok: false, exitCode: 2 };
  }
  const workspace = new AlloyWorkspace(runtime.host, [cwd]);
  const analysis = workspace.analysisOf(absolute);
  if (!analysis) {
    const read = workspace.readOf(absolute);
    stderr.write(`alloy: ${visibleText(file)}: ${read.ok ? 'cannot be analysed' : readProblemText(read)}\n`);
    return { ok: false, exitCode: 2 };
  }
  return { ok: true, analysis };
}

/** Explains that the file is not JSON data, listing its errors the way `alloy check` does. */
export function reportNotJsonData(analysis: FileAnalysis, consequence: string, cwd: string, stderr: Output, runtime: CliRuntime): void {
  const workspace = new AlloyWorkspace(runtime.host, [cwd]);
  workspace.setOverlay(analysis.path, analysis.text);
  const outcome = checkFiles(workspace, [analysis.path], cwd);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  const shown = displayPath(analysis.path, cwd);
  stderr.write(`alloy: ${visibleText(shown)} is empty or not valid JSON data, so ${consequence}${errors.length > 0 ? ':' : '.'}\n`);
  stderr.write(formatText(errors));
}
