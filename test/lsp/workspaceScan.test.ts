// Unit tests of the list of files the start-up scan analyses.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { isScannedFile, listAlloyFiles } from '../../server/src/core/workspaceScan';
import { nodeDirectoryLister } from '../../server/src/lsp/nodeDirectoryLister';

test('every .json/.yaml/.yml file inside a .alloy folder, sorted; node_modules, .git and folder links skipped', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-scan-'));
  try {
    const files = [
      '.alloy/requests/a.json',
      '.alloy/briefs/b.yaml',
      '.alloy/reports/runreq_1/result.yml',
      '.alloy/notes.txt',
      'service/.alloy/requests/c.json',
      'config.json',
      'node_modules/pkg/.alloy/requests/d.json',
      '.git/.alloy/requests/e.json',
      'outside/.alloy/requests/f.json',
    ];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '{}');
    }
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'linked'), 'dir');
    const found = await listAlloyFiles(path.join(root), nodeDirectoryLister);
    assert.deepEqual(
      found.map((f) => path.relative(root, f).split(path.sep).join('/')),
      ['.alloy/briefs/b.yaml', '.alloy/reports/runreq_1/result.yml', '.alloy/requests/a.json', 'outside/.alloy/requests/f.json', 'service/.alloy/requests/c.json'],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('isScannedFile follows the same rule', () => {
  assert.equal(isScannedFile('/r/.alloy/requests/a.json'), true);
  assert.equal(isScannedFile('/r/.alloy/briefs/b.YML'), true);
  assert.equal(isScannedFile('/r/.alloy/notes.txt'), false);
  assert.equal(isScannedFile('/r/package.json'), false);
  assert.equal(isScannedFile('/r/node_modules/x/.alloy/requests/a.json'), false);
});

test('an unreadable folder lists as empty', async () => {
  assert.deepEqual(await listAlloyFiles(path.join(os.tmpdir(), 'alloy-scan-does-not-exist'), nodeDirectoryLister), []);
});
