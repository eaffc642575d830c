// The import rules of ARCHITECTURE.md as code: which folder may import which, where `vscode`, the
// LSP packages and Node I/O may appear, and that a library is entered only through its index.ts.

import * as path from 'node:path';

export interface SourceFile {
  /** Repository-relative, `/`-separated. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Libraries: entered from outside only through `<folder>/index.ts`. */
const LIBRARIES = ['server/src/core', 'server/src/submission', 'server/src/reports'];

/** For each area, the other areas it may import (its own files are always allowed). */
const ALLOWED_AREAS: Record<string, readonly string[]> = {
  'server/src/core': [],
  'server/src/submission': ['server/src/core'],
  'server/src/reports': ['server/src/core', 'server/src/submission'],
  'server/src/lsp': ['server/src/core', 'server/src/launch'],
  'server/src/cli': ['server/src/core', 'server/src/submission', 'server/src/reports', 'server/src/launch'],
  'server/src/launch': [],
  'server/src/devIntake': ['server/src/core'],
  'client/src': ['server/src/core', 'server/src/submission', 'server/src/reports'],
};

/** The core's layers, bottom first: a folder imports only folders of a lower layer (or itself). */
const CORE_LAYERS: Record<string, number> = { document: 0, schema: 1, hashing: 1, rules: 2, workspace: 3, editing: 4 };

function coreLayerOf(file: string): string | undefined {
  const match = /^server\/src\/core\/([^/]+)\//.exec(file);
  return match && match[1] in CORE_LAYERS ? match[1] : undefined;
}

const NODE_IO = new Set(['fs', 'fs/promises', 'http', 'https', 'net', 'child_process', 'http2', 'dgram', 'tls']);

const IMPORT_PATTERN =
  /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) found.push(match[1] ?? match[2]);
  return found;
}

function areaOf(file: string): string | undefined {
  return Object.keys(ALLOWED_AREAS).find((area) => file === area || file.startsWith(area + '/'));
}

function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  return bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare;
}

/** Every forbidden edge among the given files. */
export function importViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const area = areaOf(file.path);
    for (const specifier of importSpecifiers(file.text)) {
      const report = (rule: string) => violations.push({ file: file.path, specifier, rule });
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
        checkRelative(file.path, area, target, report);
        continue;
      }
      const name = packageOf(specifier);
      if (name === 'vscode' && area !== 'client/src') report('`vscode` is imported only in client/src');
      if (name.startsWith('vscode-languageserver') && area !== 'server/src/lsp') {
        report('`vscode-languageserver*` is imported only in server/src/lsp');
      }
      if (name === 'vscode-languageclient' && area !== 'client/src') report('`vscode-languageclient` is imported only in client/src');
      const nodeModule = specifier.replace(/^node:/, '');
      if (NODE_IO.has(nodeModule) && !path.posix.basename(file.path).startsWith('node')) {
        report(`Node I/O (${specifier}) only in files named node*.ts`);
      }
    }
  }
  return violations;
}

function checkRelative(from: string, area: string | undefined, target: string, report: (rule: string) => void): void {
  const fromLayer = coreLayerOf(from);
  const targetLayer = coreLayerOf(target);
  if (fromLayer && targetLayer && fromLayer !== targetLayer && CORE_LAYERS[targetLayer] >= CORE_LAYERS[fromLayer]) {
    report(`core/${fromLayer} may not import core/${targetLayer} (layers: document → schema, hashing → rules → workspace → editing)`);
  }
  if (target === 'client' || target.startsWith('client/')) {
    if (area !== 'client/src') report('nothing outside client/ imports client/');
    return;
  }
  const targetArea = areaOf(target);
  if (targetArea === undefined || targetArea === area) return;
  if (area !== undefined && !ALLOWED_AREAS[area].includes(targetArea)) {
    report(`${area} may not import ${targetArea}`);
    return;
  }
  if (LIBRARIES.includes(targetArea) && target !== targetArea && target !== `${targetArea}/index`) {
    report(`outside ${targetArea}, only its index.ts is imported`);
  }
}
