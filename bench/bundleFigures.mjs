// The bundles' figures: the size of each file esbuild writes to dist/ and whether it is minified,
// judged from its text (a minified bundle has long lines: on average hundreds of characters;
// esbuild's readable output averages well under a hundred).

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUNDLES = ['server.js', 'alloyServer.js', 'cli.js', 'alloyCli.js', 'extension.js', 'reportsView.js'];
/** Average characters per line above which a bundle counts as minified. */
export const MINIFIED_LINE_LENGTH = 250;

/** `{ name, bytes, lines, averageLine, minified }` of each bundle present in dist/. */
export function bundleFigures() {
  const figures = [];
  for (const name of BUNDLES) {
    const file = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    const averageLine = text.length / lines;
    figures.push({ name, bytes: fs.statSync(file).size, lines, averageLine, minified: averageLine >= MINIFIED_LINE_LENGTH });
  }
  return figures;
}
