// Unit tests of the list of files the start-up scan analyses.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  isScannedFile,
  listAlloyFiles,
  walkAlloyFiles,
  walkAlloyFilesSync,
  type WalkResult,
} from '../../server/src/core/workspace/workspaceScan';
import { nodeDirectoryLister, nodeSyncDirectoryLister } from '../../server/src/core/workspace/nodeDirectoryLister';
import { LspSession } from '../support/lspSession';

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
      [
        '.alloy/briefs/b.yaml',
        '.alloy/reports/runreq_1/result.yml',
        '.alloy/requests/a.json',
        'outside/.alloy/requests/f.json',
        'service/.alloy/requests/c.json',
      ],
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

test('an unreadable folder lists nothing and is named as unlisted', async () => {
  const missing = path.join(os.tmpdir(), 'alloy-scan-does-not-exist');
  assert.deepEqual(await walkAlloyFiles(missing, nodeDirectoryLister), { files: [], skipped: [], unlisted: [missing] });
});

test('a link to a file inside the folder counts; a link leading outside is skipped with the reason; both walks agree', async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-scan-links-')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-scan-outside-')));
  try {
    fs.mkdirSync(path.join(root, '.alloy', 'requests'), { recursive: true });
    fs.mkdirSync(path.join(root, 'shared'));
    fs.writeFileSync(path.join(root, 'shared', 'request.json'), '{}');
    fs.writeFileSync(path.join(outside, 'secret.json'), '{}');
    fs.symlinkSync(path.join(root, 'shared', 'request.json'), path.join(root, '.alloy', 'requests', 'linked.json'));
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(root, '.alloy', 'requests', 'escape.json'));
    fs.symlinkSync(path.join(root, 'nowhere.json'), path.join(root, '.alloy', 'requests', 'broken.json'));
    const expected: WalkResult = {
      files: [path.join(root, '.alloy', 'requests', 'linked.json')],
      skipped: [
        { path: path.join(root, '.alloy', 'requests', 'broken.json'), reason: 'a symbolic link that leads nowhere' },
        { path: path.join(root, '.alloy', 'requests', 'escape.json'), reason: `a symbolic link to a file outside ${root}; it is not read` },
      ],
      unlisted: [],
    };
    const sorted = (r: WalkResult) => ({ ...r, skipped: [...r.skipped].sort((a, b) => a.path.localeCompare(b.path)) });
    assert.deepEqual(sorted(await walkAlloyFiles(root, nodeDirectoryLister)), expected);
    assert.deepEqual(sorted(walkAlloyFilesSync(root, nodeSyncDirectoryLister)), expected);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a root that itself lies under node_modules (a copy in node_modules/.cache) is walked; node_modules below it is not', async () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-scan-cache-')));
  const root = path.join(base, 'node_modules', '.cache', 'copy');
  try {
    for (const f of ['.alloy/requests/a.json', 'node_modules/pkg/.alloy/requests/b.json']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '{}');
    }
    const expected = [path.join(root, '.alloy', 'requests', 'a.json')];
    assert.deepEqual((await walkAlloyFiles(root, nodeDirectoryLister)).files, expected);
    assert.deepEqual(walkAlloyFilesSync(root, nodeSyncDirectoryLister).files, expected);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the server logs what its scan could not list and what it left out, in the words alloy check prints', async () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-scan-log-')));
  const root = path.join(base, 'repo');
  try {
    fs.mkdirSync(path.join(root, '.alloy', 'requests'), { recursive: true });
    // A folder whose name is not UTF-8 (listed as "bad\uFFFD(", which names nothing), and a link out of the root.
    const bad = Buffer.concat([Buffer.from(path.join(root, '.alloy', 'requests', 'bad')), Buffer.from([0xc3, 0x28])]);
    fs.mkdirSync(bad);
    fs.writeFileSync(Buffer.concat([bad, Buffer.from('/x.json')]), '{}');
    fs.writeFileSync(path.join(base, 'outside.json'), '{}');
    fs.symlinkSync(path.join(base, 'outside.json'), path.join(root, '.alloy', 'requests', 'linked.json'));
    const session = await LspSession.start(root, pathToFileURL(root).href);
    try {
      await session.waitForProgressEnd(30_000);
      const badFolder = path.join(root, '.alloy', 'requests', 'bad\uFFFD(');
      assert.deepEqual(
        session.logs.filter((l) => l.message.startsWith('Alloy: ')).map((l) => [l.type, l.message]),
        [
          [2, `Alloy: ${badFolder}: cannot list this folder: its name is not valid UTF-8 (rename it)`],
          [
            3,
            `Alloy: ${path.join(root, '.alloy', 'requests', 'linked.json')}: skipped, a symbolic link to a file outside ${root}; it is not read`,
          ],
        ],
      );
    } finally {
      await session.dispose();
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
