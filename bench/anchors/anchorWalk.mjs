#!/usr/bin/env node
// "The same walk on the two anchors' engines": walks the `.alloy/` files under a folder (as
// `alloy check` does: every .json/.yaml/.yml inside a `.alloy/` folder, never node_modules or
// .git) and validates each in one process, requests with vscode-json-languageservice and briefs
// with yaml-language-server, against our schemas by file URI. Prints one line of JSON: the files
// seen, how many had a schema, the problems found (and, with --per-file, the messages per file).
// Usage: node bench/anchors/anchorWalk.mjs --schemas <dir> [--per-file] <folder>

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fileUri } from './anchorSchemas.mjs';
import { createJsonAnchor, createYamlAnchor } from './anchorServices.mjs';

const SKIPPED = new Set(['node_modules', '.git']);

/** Every data file inside a `.alloy/` folder below `root`, sorted. */
function alloyFiles(root) {
  const files = [];
  const pending = [{ dir: path.resolve(root), inAlloy: false }];
  while (pending.length > 0) {
    const { dir, inAlloy } = pending.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) pending.push({ dir: full, inAlloy: inAlloy || entry.name === '.alloy' });
      } else if (entry.isFile() && inAlloy && /\.(json|ya?ml)$/.test(entry.name)) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

/** Which anchor a file gets, by the same patterns a user would configure. */
function kindOf(file) {
  const parts = file.split(path.sep);
  const folder = parts.at(-2);
  if (parts.at(-3) !== '.alloy') return undefined;
  if (folder === 'requests' && file.endsWith('.json')) return 'request';
  if (folder === 'briefs' && /\.ya?ml$/.test(file)) return 'brief';
  return undefined;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { schemas: { type: 'string' }, 'per-file': { type: 'boolean', default: false } },
  });
  if (!values.schemas || positionals.length !== 1) throw new Error('usage: anchorWalk.mjs --schemas <dir> [--per-file] <folder>');
  const anchors = { request: createJsonAnchor(values.schemas), brief: createYamlAnchor(values.schemas) };
  const summary = { files: 0, requests: 0, briefs: 0, withoutSchema: 0, problems: 0, firstProblems: [], swallowed: [] };
  const perFile = {};
  for (const file of alloyFiles(positionals[0])) {
    summary.files++;
    const kind = kindOf(file);
    if (!kind) {
      summary.withoutSchema++;
      continue;
    }
    summary[`${kind}s`]++;
    const diagnostics = await anchors[kind].validate(fileUri(file), fs.readFileSync(file, 'utf8'));
    summary.problems += diagnostics.length;
    if (diagnostics.length > 0 && summary.firstProblems.length < 5) {
      summary.firstProblems.push(`${path.basename(file)}: ${diagnostics[0].message.slice(0, 200)}`);
    }
    if (values['per-file']) perFile[path.basename(file)] = diagnostics.map((d) => d.message);
  }
  summary.swallowed = anchors.brief.swallowed.slice(0, 5);
  if (values['per-file']) summary.perFile = perFile;
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((error) => {
  process.stderr.write(`anchorWalk: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
