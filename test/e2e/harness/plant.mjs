// Planted regressions, to show that the suites can fail (ALLOY_E2E_PLANT=<name>): the development
// session then runs a throw-away copy of the built extension in the temp folder with one piece
// sabotaged. No source file and no file of the repository's dist/ is changed.
//   silent-server  dist/server.js is a wrapper that preloads plant/silentServer.cjs (every
//                  textDocument/publishDiagnostics is dropped) and then runs the real server
//   broken-panel   dist/reportsView.js (the reports page's script) throws at once

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SILENCER = fileURLToPath(new URL('./plant/silentServer.cjs', import.meta.url));
const COPIED = ['package.json', 'dist', 'schemas', 'images', 'README.md', 'LICENSE'];

const PLANTS = {
  'silent-server': (copy, source) => {
    const real = path.join(source, 'dist', 'server.js');
    const wrapper = [
      '// planted regression: silence the server, then run the real one',
      `require(${JSON.stringify(SILENCER)});`,
      `require(${JSON.stringify(real)});`,
      '',
    ];
    fs.writeFileSync(path.join(copy, 'dist', 'server.js'), wrapper.join('\n'));
  },
  'broken-panel': (copy) => {
    fs.writeFileSync(
      path.join(copy, 'dist', 'reportsView.js'),
      "throw new Error('planted regression: the reports page script is broken');\n",
    );
  },
};

export const PLANT_NAMES = Object.keys(PLANTS);

/** Copies the built extension at `source` to `<tmp>/planted-<name>`, sabotages it, returns the copy's path. */
export function plantedExtension(name, source, tmp) {
  const plant = PLANTS[name];
  if (!plant) throw new Error(`unknown ALLOY_E2E_PLANT "${name}"; known: ${PLANT_NAMES.join(', ')}`);
  const copy = path.join(tmp, `planted-${name}`);
  for (const entry of COPIED) {
    if (fs.existsSync(path.join(source, entry))) fs.cpSync(path.join(source, entry), path.join(copy, entry), { recursive: true });
  }
  plant(copy, source);
  return copy;
}
