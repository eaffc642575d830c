// Builds the bundles: the VS Code client, the language server, the CLI and the panel page (minified,
// with source maps; options in bundleOptions.mjs). Before the server and the CLI are bundled,
// the schema validators are regenerated from schemas/*.json (scripts/generateValidators.mjs), so a
// build never bundles validators older than the schemas it also bundles.
// `node esbuild.mjs --watch` rebuilds on every change (used by `npm run watch` and F5).
import { context } from 'esbuild';
import { BUNDLE_OPTIONS } from './bundleOptions.mjs';
import { generateValidatorFiles, readSchemas, writeValidatorFiles } from './scripts/generateValidators.mjs';

const watch = process.argv.includes('--watch');

/**
 * At the start of each server and CLI build: regenerates the validators when the schemas changed
 * since the last build, and rewrites the generated files whenever their bytes differ.
 */
let last = { key: undefined, files: undefined };
const schemaValidators = {
  name: 'schema-validators',
  setup(build) {
    build.onStart(() => {
      const schemas = readSchemas();
      const key = JSON.stringify(schemas);
      if (key !== last.key) last = { key, files: generateValidatorFiles(schemas) };
      const written = writeValidatorFiles(last.files);
      if (written.length && watch) console.log(`[schema-validators] wrote ${written.join(', ')}`);
    });
  },
};

const common = { ...BUNDLE_OPTIONS, logLevel: watch ? 'info' : 'warning' };

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js is a small launcher that runs dist/alloyServer.js from a V8 code cache (nodeServerLauncher.ts).
  { ...common, entryPoints: ['server/src/lsp/nodeServerLauncher.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/alloyServer.js', plugins: [schemaValidators] },
  // dist/cli.js is the same kind of launcher, for dist/alloyCli.js (nodeCliLauncher.ts).
  { ...common, entryPoints: ['server/src/cli/nodeCliLauncher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/alloyCli.js', plugins: [schemaValidators] },
  {
    ...common,
    entryPoints: ['client/src/reports/webview/reportsView.ts'],
    outfile: 'dist/reportsView.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

const contexts = await Promise.all(bundles.map((options) => context(options)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
