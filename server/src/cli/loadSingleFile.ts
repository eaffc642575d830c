// Reads and analyses the one file named by `alloy digest` or `alloy key`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlloyWorkspace } from '../core/alloyWorkspace';
import type { FileAnalysis } from '../core/fileAnalysis';
import { formatOfPath } from '../core/fileKind';
import { nodeFileSystem } from '../core/nodeFileSystem';
import { checkFiles } from './checkFiles';
import { displayPath } from './displayPath';
import { formatText } from './formatText';
import type { Output } from './output';

export type LoadedFile = { ok: true; analysis: FileAnalysis } | { ok: false; exitCode: number };

export function loadSingleFile(file: string, cwd: string, stderr: Output): LoadedFile {
  const absolute = path.resolve(cwd, file);
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(absolute).isDirectory();
  } catch {
    stderr.write(`alloy: ${file}: no such file\n`);
    return { ok: false, exitCode: 2 };
  }
  if (isDirectory || !formatOfPath(absolute)) {
    stderr.write(`alloy: ${file}: not a .json, .yaml or .yml file\n`);
    return { ok: false, exitCode: 2 };
  }
  const workspace = new AlloyWorkspace(nodeFileSystem, [cwd]);
  const analysis = workspace.analysisOf(absolute);
  if (!analysis) {
    stderr.write(`alloy: ${file}: cannot read this file\n`);
    return { ok: false, exitCode: 2 };
  }
  return { ok: true, analysis };
}

/** Explains that the file is not JSON data, listing its errors the way `alloy check` does. */
export function reportNotJsonData(analysis: FileAnalysis, consequence: string, cwd: string, stderr: Output): void {
  const workspace = new AlloyWorkspace(nodeFileSystem, [cwd]);
  workspace.setOverlay(analysis.path, analysis.text);
  const outcome = checkFiles(workspace, [analysis.path], cwd);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  const shown = displayPath(analysis.path, cwd);
  stderr.write(`alloy: ${shown} is empty or not valid JSON data, so ${consequence}${errors.length > 0 ? ':' : '.'}\n`);
  stderr.write(formatText(errors));
}
