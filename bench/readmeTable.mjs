#!/usr/bin/env node
// Renders bench/results/latest.json as the README's performance block (between
// `<!-- bench:begin -->` and `<!-- bench:end -->`): where and when it ran, the table of figures
// with each anchor from the same run, and what proved each anchor validated.
// Usage: node bench/readmeTable.mjs           prints the block
//        node bench/readmeTable.mjs --write   replaces the block in README.md

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADER, cellsOf } from './figures.mjs';

export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';
export const README = fileURLToPath(new URL('../README.md', import.meta.url));
export const LATEST = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const cell = (text) => text.trim().replace(/\|/g, '\\|');
const row = (cells) => `| ${cells.map(cell).join(' | ')} |`;

/** The markdown between the markers (each on its own line), for a results object of bench/run.mjs. */
export function renderReadmeBlock(results) {
  const { host, commit } = results;
  const lines = [
    '## Performance, measured',
    '',
    `\`npm run bench\`${results.quick ? ' (a --quick run)' : ''} on ${host.cpu}, ${host.cores} cores, ${host.memoryGB} GB, ` +
      `${host.platform}, Node ${results.node}; commit \`${commit.sha.slice(0, 12)}\`${commit.dirty ? ' with uncommitted changes' : ''}; ` +
      `${results.date.slice(0, 10)}. Each anchor ran in the same run, alternated with ours, and counted only after it was shown ` +
      'to validate (a planted error inside a `$ref`’d definition found, the clean file without problems). ' +
      '"Anchor ÷ ours" above 1 means ours is faster or smaller. What each figure measures: [`bench/README.md`](bench/README.md).',
    '',
    row(HEADER),
    row(HEADER.map(() => '---')),
    ...results.figures.map((f) => row(cellsOf(f))),
    '',
    'Anchors:',
    '',
    ...results.anchors.map((a) => `- ${a.anchor} (${a.where}): ${a.validated ? 'validated' : '**did not validate**'}: ${a.reason}`),
    ...results.figures.filter((f) => f.note).map((f) => `- Note on "${f.label.trim()}": ${f.note}`),
    ...results.failures.map((failure) => `- Could not measure: ${failure}`),
  ];
  return `\n${lines.join('\n')}\n`;
}

/** The text between the markers, or undefined when the README has no (single, ordered) pair. */
export function readmeBlockOf(readme) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin || readme.indexOf(BEGIN, begin + 1) >= 0 || readme.indexOf(END, end + 1) >= 0) return undefined;
  return readme.slice(begin + BEGIN.length, end);
}

/** `readme` with the text between the markers replaced by `block`. */
export function replaceReadmeBlock(readme, block) {
  if (readmeBlockOf(readme) === undefined) throw new Error(`the README needs exactly one ${BEGIN} … ${END} pair`);
  const begin = readme.indexOf(BEGIN) + BEGIN.length;
  return readme.slice(0, begin) + block + readme.slice(readme.indexOf(END));
}

function main() {
  const block = renderReadmeBlock(JSON.parse(fs.readFileSync(LATEST, 'utf8')));
  if (!process.argv.includes('--write')) {
    process.stdout.write(block);
    return;
  }
  fs.writeFileSync(README, replaceReadmeBlock(fs.readFileSync(README, 'utf8'), block));
  process.stdout.write(`README.md: the block between ${BEGIN} and ${END} now shows bench/results/latest.json\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) main();
