// The language server's editing features of issue 15, in the real editor through the `vscode` API:
// references, document and workspace symbols, the server's CodeLens (and running a ✗ lens), the
// migration quick fix on the example's pre-v1 brief, and, in a small git repository copied into the
// workspace (test/e2e/harness/fixture.mjs builds it), rename with prepareRename, renaming the brief
// file (VS Code asks the server for willRenameFiles edits) and the new-request source action; each
// of those saves, finds every file free of Alloy diagnostics and `alloy check` exiting 0. Every check
// leaves the workspace as it found it (edits reverted, the copied repository removed), so the suites
// after this one see the example's own files.

'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { ask } = require('./lib/bridge');
const { alloyDiagnostics, cliDiagnostic, describeDiagnostics, rangeOfCliDiagnostic, waitForSameAsCli } = require('./lib/diagnostics');
const { waitFor } = require('./lib/wait');
const { isOpen, revertIfDirty, show, workspaceContext } = require('./lib/workspace');
const { domNote } = require('./language');

const MIGRATION_TITLE = 'Migrate to alloy.formation_brief.v1 (placeholders mark what is left to fill in)';
const NEW_REQUEST_TITLE = 'Create an execution request from this brief';
const NEW_REQUEST_KIND = 'source.alloy.newRequest';
const RENAMED_ID = 'brief_01HZ_RENAMED';

// ---- expectations read from the files themselves (never from the server) ----

function rangeText(range) {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** `relative-path l:c-l:c`, for comparing locations as sorted text. */
function locationText(folder, location) {
  const uri = location.uri || location.targetUri;
  const range = location.range || location.targetSelectionRange || location.targetRange;
  return `${path.relative(folder.uri.fsPath, uri.fsPath)} ${rangeText(range)}`;
}

/** The range of the first `"key": "value"` (or `key: value`) value on one line, without quotes. */
function valueRange(text, key) {
  const lines = text.split('\n');
  const pattern = new RegExp(`^(\\s*"?${key}"?\\s*:\\s*"?)([^"\\s,]+)`);
  for (let line = 0; line < lines.length; line++) {
    const match = pattern.exec(lines[line]);
    if (match)
      return { start: { line, character: match[1].length }, end: { line, character: match[1].length + match[2].length }, value: match[2] };
  }
  return undefined;
}

/** The request files of the workspace whose brief.local_path names `briefFile`, with the range of that value. */
function requestsNaming(folder, briefFile) {
  const dir = path.join(folder.uri.fsPath, '.alloy', 'requests');
  const found = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const range = valueRange(text, 'local_path');
    if (range && range.value === briefFile) found.push(`.alloy/requests/${name} ${rangeText(range)}`);
  }
  return found;
}

/** The top-level keys of a YAML brief (block style) or a JSON request, in order. */
function topLevelKeys(text, json) {
  if (json) return Object.keys(JSON.parse(text));
  return text
    .split('\n')
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*):/.exec(line))
    .filter(Boolean)
    .map((match) => match[1]);
}

function titlesOf(lenses) {
  return lenses.filter((l) => l.command).map((l) => l.command.title);
}

async function resolvedLenses(uri, wanted) {
  return waitFor(
    `server CodeLens on ${path.basename(uri.fsPath)} with ${JSON.stringify(wanted)}`,
    async () => {
      const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 20)) || [];
      return wanted.every((title) => titlesOf(lenses).includes(title)) ? lenses : undefined;
    },
    20000,
  );
}

// ---- the copied git repository ----

function cliPath() {
  const repository = process.env.ALLOY_E2E_REPOSITORY;
  assert.ok(repository, 'ALLOY_E2E_REPOSITORY names the repository (its dist/cli.js checks the result)');
  return path.join(repository, 'dist', 'cli.js');
}

/** `alloy check .` in `root`, with the repository's CLI. */
function cliCheck(root) {
  const run = spawnSync(process.execPath, [cliPath(), 'check', '.'], { cwd: root, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Tabs showing a file under `root` are closed, dirty documents there reverted, then `root` is removed. */
async function removeRepository(root) {
  const inside = (uri) => uri && uri.scheme === 'file' && (uri.fsPath === root || uri.fsPath.startsWith(root + path.sep));
  for (const document of vscode.workspace.textDocuments) if (inside(document.uri) && document.isDirty) await revertIfDirty(document.uri);
  const tabs = [];
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText && inside(tab.input.uri)) tabs.push(tab);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  assert.equal(fs.existsSync(root), false, `${root} is removed`);
}

/**
 * Copies the harness's navigation template (a clean git repository: a brief and two requests) to
 * `<workspace>/<name>`, runs `check(repo)`, then removes the copy whatever happened.
 */
function inRepository(name, check) {
  return async () => {
    const { folder, expectations } = workspaceContext();
    const nav = expectations.navigation;
    const root = path.join(folder.uri.fsPath, name);
    assert.equal(fs.existsSync(root), false, `${name} is not in the workspace yet`);
    fs.cpSync(nav.template, root, { recursive: true });
    const uri = (relative) => vscode.Uri.file(path.join(root, ...relative.split('/')));
    const original = Object.fromEntries([nav.brief, ...nav.requests].map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    try {
      return await check({ root, nav, uri, original, read: (relative) => fs.readFileSync(path.join(root, relative), 'utf8') });
    } finally {
      await removeRepository(root);
    }
  };
}

/**
 * Saves every dirty document under `root` (an applied edit opens the files it touches as unsaved
 * documents, without editors), each with `document.save()`, until none is dirty (bounded).
 */
async function saveAllUnder(root) {
  const dirty = () => vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.fsPath.startsWith(root + path.sep));
  await waitFor(
    () =>
      `every edited document under ${path.basename(root)} to be saved; still dirty: ${JSON.stringify(dirty().map((d) => d.uri.fsPath))}`,
    async () => {
      for (const document of dirty()) await document.save();
      return dirty().length === 0 ? true : undefined;
    },
  );
}

/** Waits until none of `uris` has an Alloy diagnostic, then asks the CLI about the whole repository. */
async function assertRepositoryClean(root, uris, files) {
  for (const uri of uris) {
    await waitFor(
      () => `no Alloy diagnostics in ${path.basename(uri.fsPath)}; editor: ${describeDiagnostics(uri)}`,
      () => (alloyDiagnostics(uri).length === 0 ? true : undefined),
    );
  }
  assert.deepEqual(
    cliCheck(root),
    { code: 0, stdout: '', stderr: `0 errors, 0 warnings in ${files} files\n` },
    '`alloy check .` in the repository',
  );
}

/** The editor's text of `uri` when it is open, else the file's. */
function textOf(uri) {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return document ? document.getText() : fs.readFileSync(uri.fsPath, 'utf8');
}

function editedUris(edit) {
  return edit.entries().map(([uri]) => uri);
}

// ---- the checks ----

function checks() {
  const { expectations, uris, files, folder, uriOf } = workspaceContext();
  const before = expectations.before;
  const briefText = () => fs.readFileSync(uris.brief.fsPath, 'utf8');
  const briefId = () => valueRange(briefText(), 'id');

  return [
    [
      "references from the brief's id: the id and every request naming the brief, unopened ones included",
      async () => {
        const id = briefId();
        const expected = [`${files.brief} ${rangeText(id)}`, ...requestsNaming(folder, files.brief)].sort();
        assert.ok(expected.length > 3, `the example has requests naming ${files.brief}`);
        await show(uris.brief);
        const inside = new vscode.Position(id.start.line, id.start.character + 3);
        const found = await vscode.commands.executeCommand('vscode.executeReferenceProvider', uris.brief, inside);
        assert.deepEqual((found || []).map((l) => locationText(folder, l)).sort(), expected);
        assert.equal(isOpen(uris.escape), false, `${files.escape} (not naming the brief) stays unopened`);
        return `${expected.length} locations`;
      },
    ],
    [
      "references from a request's brief.id: the brief's id and the requests naming it",
      async () => {
        // The request's first "id" member is brief.id.
        const id = valueRange(fs.readFileSync(uris.payment.fsPath, 'utf8'), 'id');
        assert.equal(id.value, briefId().value, "the request's brief.id names the brief");
        await show(uris.payment);
        const inside = new vscode.Position(id.start.line, id.start.character + 2);
        const found = await vscode.commands.executeCommand('vscode.executeReferenceProvider', uris.payment, inside);
        const expected = [`${files.brief} ${rangeText(briefId())}`, ...requestsNaming(folder, files.brief)].sort();
        assert.deepEqual((found || []).map((l) => locationText(folder, l)).sort(), expected);
        return `${expected.length} locations`;
      },
    ],
    [
      "document symbols: the brief's sections, its capability by id and its evidence items; the request's sections",
      async () => {
        const symbols = await waitFor('document symbols of the brief', async () => {
          const result = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uris.brief);
          return result && result.length > 0 ? result : undefined;
        });
        const text = briefText();
        assert.deepEqual(
          symbols.map((s) => s.name),
          topLevelKeys(text, false),
        );
        const byName = (list, name) => list.find((s) => s.name === name);
        const capabilities = byName(symbols, 'protected_capabilities');
        assert.deepEqual(
          (capabilities.children || []).map((s) => [s.name, s.kind]),
          [['alloy.capability.replace-payment-provider', vscode.SymbolKind.Interface]],
        );
        const required = byName(byName(symbols, 'evidence_plan').children || [], 'required');
        assert.deepEqual(
          (required.children || []).map((s) => [s.name, s.kind]),
          [
            ['evidence.checkout.payment-gateway-contract-tests', vscode.SymbolKind.Event],
            ['evidence.checkout.declined-card-recovery', vscode.SymbolKind.Event],
          ],
        );
        const id = byName(symbols, 'id');
        assert.equal(id.detail, briefId().value);
        assert.equal(rangeText(id.selectionRange), `${briefId().start.line}:0-${briefId().start.line}:2`);
        // For a JSON file VS Code's own JSON language features answer too; the API merges both
        // providers' symbols in document order, so each member comes once per provider.
        const request = (await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uris.payment)) || [];
        const keys = topLevelKeys(fs.readFileSync(uris.payment.fsPath, 'utf8'), true);
        const providers = request.length / keys.length;
        assert.ok(
          providers >= 1 && Number.isInteger(providers),
          `whole outlines of ${keys.length} members: ${JSON.stringify(request.map((s) => s.name))}`,
        );
        assert.deepEqual(
          request.map((s) => s.name),
          keys.flatMap((k) => Array(providers).fill(k)),
        );
        for (const brief of request.filter((s) => s.name === 'brief'))
          assert.deepEqual(
            (brief.children || []).map((s) => s.name),
            ['id', 'version', 'digest', 'local_path'],
          );
        return `${symbols.length} sections in the brief; the request's ${keys.length} members from ${providers} provider(s)`;
      },
    ],
    [
      'workspace symbols: the brief ids, and a request id with its location (unopened file)',
      async () => {
        const briefsDir = path.join(folder.uri.fsPath, '.alloy', 'briefs');
        const briefIds = fs
          .readdirSync(briefsDir)
          .sort()
          .map((name) => [name, valueRange(fs.readFileSync(path.join(briefsDir, name), 'utf8'), 'id')])
          .filter(([, range]) => range && range.value.startsWith('brief_01HZ'))
          .map(([name, range]) => `${range.value} .alloy/briefs/${name} ${rangeText(range)}`)
          .sort();
        assert.equal(briefIds.length, 4, 'the example has four briefs with brief_01HZ ids');
        const found = (await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'brief_01HZ')) || [];
        const alloy = found.filter((s) => s.location.uri.fsPath.includes(`${path.sep}.alloy${path.sep}`));
        assert.deepEqual(alloy.map((s) => `${s.name} ${locationText(folder, s.location)}`).sort(), briefIds);
        assert.ok(
          alloy.every((s) => s.kind === vscode.SymbolKind.Module),
          `brief ids are modules: ${alloy.map((s) => s.kind)}`,
        );
        const keyFile = '.alloy/requests/broken-key-mismatch.json';
        const requestId = valueRange(fs.readFileSync(uriOf(keyFile).fsPath, 'utf8'), 'request_id');
        const requests = (await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', requestId.value)) || [];
        assert.ok(
          requests.some((s) => s.name === requestId.value && locationText(folder, s.location) === `${keyFile} ${rangeText(requestId)}`),
          `${requestId.value} at ${keyFile} ${rangeText(requestId)}; found ${JSON.stringify(requests.map((s) => `${s.name} ${locationText(folder, s.location)}`))}`,
        );
        assert.equal(isOpen(uriOf(keyFile)), false, `${keyFile} was never opened`);
        return `${alloy.length} brief ids`;
      },
    ],
    [
      'server CodeLens: digest ✓ and key ✓ above a valid request, "N requests name this brief" and digest ✓ above the brief (API and editor)',
      async () => {
        await show(uris.payment);
        const request = await resolvedLenses(uris.payment, ['digest ✓', 'key ✓']);
        const submit = request.find((l) => l.command && l.command.command === 'alloy.submitRequest');
        assert.ok(submit, `the extension's Submit lens is there too: ${JSON.stringify(titlesOf(request))}`);
        assert.equal(request.find((l) => l.command && l.command.title === 'digest ✓').command.command, 'alloy.explainLens');
        const dom = await ask('dom:codelens', { contains: 'digest ✓' });
        const naming = requestsNaming(folder, files.brief).length;
        await show(uris.brief);
        const brief = await resolvedLenses(uris.brief, [`${naming} requests name this brief`, 'digest ✓']);
        const count = brief.find((l) => l.command && l.command.title === `${naming} requests name this brief`);
        assert.equal(count.command.command, 'alloy.showRequestsOfBrief');
        // Clicking it opens VS Code's references peek on the requests (the client's middleware).
        await vscode.commands.executeCommand(count.command.command, ...(count.command.arguments || []));
        const peek = await ask('dom:peek', { contains: ['checkout-payment.json', 'broken-key-mismatch.json'] });
        await Promise.resolve(vscode.commands.executeCommand('closeReferenceSearch')).catch(() => undefined);
        return [`request ${JSON.stringify(titlesOf(request))}`, `brief ${JSON.stringify(titlesOf(brief))}`, domNote(dom), domNote(peek)]
          .filter(Boolean)
          .join('; ');
      },
    ],
    [
      'the "digest ✗" lens of broken-digest-mismatch.json runs its fix through the server; revert restores the file',
      async () => {
        const original = fs.readFileSync(uris.digest.fsPath, 'utf8');
        try {
          const editor = await show(uris.digest);
          await waitForSameAsCli(uris.digest, before, files.digest);
          const lenses = await waitFor(
            'a digest ✗ lens',
            async () => {
              const list = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uris.digest, 20)) || [];
              return list.some((l) => l.command && l.command.title.startsWith('digest ✗')) ? list : undefined;
            },
            20000,
          );
          const lens = lenses.find((l) => l.command && l.command.title.startsWith('digest ✗'));
          assert.equal(lens.command.command, 'alloy.applyFix', `lenses: ${JSON.stringify(titlesOf(lenses))}`);
          await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments || []));
          await waitFor(`the fix to reach ${files.digest}`, () => (editor.document.isDirty ? true : undefined));
          assert.equal(JSON.parse(editor.document.getText()).brief.digest, expectations.briefDigestBefore);
          await waitFor(`digest-mismatch to leave ${files.digest}`, () =>
            alloyDiagnostics(uris.digest, 'digest-mismatch').length === 0 ? true : undefined,
          );
          await resolvedLenses(uris.digest, ['digest ✓']);
          return `"${lens.command.title}" → digest ✓`;
        } finally {
          await revertIfDirty(uris.digest);
          assert.equal(fs.readFileSync(uris.digest.fsPath, 'utf8'), original, `${files.digest} is unchanged on disk`);
          await waitForSameAsCli(uris.digest, before, files.digest);
        }
      },
    ],
    [
      "the pre-v1 brief: one pre-v1-brief error, one quick fix; applied, the text is `alloy migrate`'s and only its placeholders remain",
      async () => {
        const migration = expectations.migration;
        const uri = uriOf(migration.file);
        const original = fs.readFileSync(uri.fsPath, 'utf8');
        try {
          const editor = await show(uri);
          await waitForSameAsCli(uri, before, migration.file);
          const preV1 = cliDiagnostic(before, migration.file, 'pre-v1-brief');
          const range = rangeOfCliDiagnostic(preV1);
          const actions =
            (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ||
            [];
          assert.deepEqual(
            actions.map((a) => [a.title, a.kind && a.kind.value, a.isPreferred]),
            [[MIGRATION_TITLE, 'quickfix', true]],
          );
          const [fix] = actions;
          assert.deepEqual(
            editedUris(fix.edit).map((u) => u.toString()),
            [uri.toString()],
            'the fix edits the brief only',
          );
          assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit succeeded');
          assert.equal(editor.document.getText(), migration.migrated, 'the text is what `alloy migrate` prints');
          const count = await waitForSameAsCli(uri, migration.after, migration.file);
          const left = alloyDiagnostics(uri);
          assert.ok(
            left.length > 0 && left.every((d) => d.message.startsWith('Placeholder left by the migration to v1: ')),
            describeDiagnostics(uri),
          );
          const again = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, left[0].range)) || [];
          assert.ok(
            !again.some((a) => a.title === MIGRATION_TITLE),
            `no second migration; offered ${JSON.stringify(again.map((a) => a.title))}`,
          );
          return `${count} placeholder diagnostic(s) left`;
        } finally {
          await revertIfDirty(uri);
          assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, `${migration.file} is unchanged on disk`);
          await waitForSameAsCli(uri, before, migration.file);
        }
      },
    ],
    [
      'new request in the example (no .git at its root): not a valid action (API); in the Source Action menu, greyed out',
      async () => {
        const editor = await show(uris.brief);
        const line = briefId().start.line;
        const at = new vscode.Range(line, 0, line, 0);
        // vscode.executeCodeActionProvider returns valid actions only: a disabled one is not among them.
        const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uris.brief, at, 'source')) || [];
        assert.deepEqual(
          actions.filter((a) => a.title === NEW_REQUEST_TITLE || (a.kind && a.kind.value === NEW_REQUEST_KIND)),
          [],
          `no valid new-request action; offered ${JSON.stringify(actions.map((a) => a.title))}`,
        );
        editor.selection = new vscode.Selection(at.start, at.start);
        await vscode.commands.executeCommand('editor.action.sourceAction');
        const menu = await ask('dom:action-menu', { contains: NEW_REQUEST_TITLE });
        if (menu && menu.skipped) return domNote(menu);
        const row = menu.rows.find((r) => r.text.includes(NEW_REQUEST_TITLE) || r.title.includes(NEW_REQUEST_TITLE));
        assert.equal(row.disabled, true, `the row is greyed out: ${JSON.stringify(menu.rows)}`);
        return `menu rows ${JSON.stringify(menu.rows.map((r) => `${r.text}${r.disabled ? ' (disabled)' : ''}`))}`;
      },
    ],
    [
      "rename the brief's id from a request: brief, opened and unopened request rewritten (id, digest, key); saved, all clean and `alloy check` exits 0",
      inRepository('nav-rename', async ({ root, nav, uri, original, read }) => {
        const requestUri = uri(nav.requests[0]);
        const editor = await show(requestUri);
        const id = valueRange(original[nav.requests[0]], 'id');
        assert.equal(id.value, nav.briefId);
        const inside = new vscode.Position(id.start.line, id.start.character + 2);
        const prepared = await vscode.commands.executeCommand('vscode.prepareRename', requestUri, inside);
        assert.ok(prepared, 'prepareRename answered');
        assert.equal(rangeText(prepared.range), rangeText(id));
        assert.equal(prepared.placeholder, nav.briefId);
        const requestIdAt = valueRange(original[nav.requests[0]], 'request_id');
        await assert.rejects(
          Promise.resolve(
            vscode.commands.executeCommand(
              'vscode.prepareRename',
              requestUri,
              new vscode.Position(requestIdAt.start.line, requestIdAt.start.character + 2),
            ),
          ),
          /Only a Formation Brief's id can be renamed/,
        );
        const refused = await Promise.resolve(
          vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', requestUri, inside, 'brief-renamed'),
        ).then(
          (edit) => `resolved with ${edit ? edit.size : 'nothing'} edit(s)`,
          (error) => error.message,
        );
        assert.match(refused, /"brief-renamed" is not a brief id/);
        // The language client also shows "Request textDocument/rename failed." as a notification:
        // cleared, so the Notification Center the submit suite reads holds only its own messages.
        await vscode.commands.executeCommand('notifications.clearAll');
        assert.equal(editor.document.isDirty, false, 'a refused name changes nothing');

        const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', requestUri, inside, RENAMED_ID);
        assert.ok(edit, 'a workspace edit');
        const touched = editedUris(edit)
          .map((u) => path.relative(root, u.fsPath))
          .sort();
        assert.deepEqual(touched, [nav.brief, ...nav.requests].sort(), 'the edit touches the brief and both requests');
        assert.equal(isOpen(uri(nav.requests[1])), false, `${nav.requests[1]} was not open`);
        assert.equal(await vscode.workspace.applyEdit(edit), true, 'applyEdit succeeded');
        await saveAllUnder(root);
        assert.equal(valueRange(read(nav.brief), 'id').value, RENAMED_ID);
        const digest = valueRange(read(nav.brief), 'digest').value;
        assert.notEqual(digest, valueRange(original[nav.brief], 'digest').value, "the brief's own digest followed");
        for (const file of nav.requests) {
          const request = JSON.parse(read(file));
          const before = JSON.parse(original[file]);
          assert.equal(request.brief.id, RENAMED_ID, `${file} brief.id`);
          assert.equal(request.brief.digest, digest, `${file} brief.digest`);
          assert.notEqual(request.idempotency_key, before.idempotency_key, `${file} idempotency_key followed`);
        }
        await assertRepositoryClean(root, [uri(nav.brief), ...nav.requests.map(uri)], 3);
        await resolvedLenses(requestUri, ['digest ✓', 'key ✓']);
        return `${touched.length} files rewritten; alloy check: 0 errors`;
      }),
    ],
    [
      'rename the brief file (workspace/willRenameFiles): both local_paths follow, keys unchanged; renamed back, the bytes are the originals',
      inRepository('nav-move', async ({ root, nav, uri, original, read }) => {
        await show(uri(nav.requests[0]));
        const moved = nav.brief.replace(/[^/]+$/, 'card.yaml');
        const rename = new vscode.WorkspaceEdit();
        rename.renameFile(uri(nav.brief), uri(moved));
        assert.equal(await vscode.workspace.applyEdit(rename), true, 'the file rename was applied');
        await waitFor(`both requests to name ${moved}`, () =>
          nav.requests.every((f) => textOf(uri(f)).includes(`"${moved}"`)) ? true : undefined,
        );
        await saveAllUnder(root);
        assert.equal(fs.existsSync(path.join(root, moved)), true, `${moved} exists`);
        for (const file of nav.requests) {
          const request = JSON.parse(read(file));
          const before = JSON.parse(original[file]);
          assert.equal(request.brief.local_path, moved, `${file} brief.local_path`);
          assert.equal(
            request.idempotency_key,
            before.idempotency_key,
            `${file} idempotency_key is unchanged (local_path is not a key input)`,
          );
          assert.equal(read(file), original[file].replace(`"${nav.brief}"`, `"${moved}"`), `${file}: only local_path changed`);
        }
        await assertRepositoryClean(root, nav.requests.map(uri), 3);
        // And back: the server edits the paths again, and every byte is as before.
        const back = new vscode.WorkspaceEdit();
        back.renameFile(uri(moved), uri(nav.brief));
        assert.equal(await vscode.workspace.applyEdit(back), true, 'the rename back was applied');
        await waitFor(`both requests to name ${nav.brief} again`, () =>
          nav.requests.every((f) => textOf(uri(f)).includes(`"${nav.brief}"`)) ? true : undefined,
        );
        await saveAllUnder(root);
        for (const file of [nav.brief, ...nav.requests]) assert.equal(read(file), original[file], `${file} is byte for byte the original`);
        return `local_path → ${moved} and back`;
      }),
    ],
    [
      'new request from the brief in a git repository: a new runreq_ file with HEAD, branch and the brief filled in; saved, it checks clean',
      inRepository('nav-new', async ({ root, nav, uri }) => {
        const briefUri = uri(nav.brief);
        await show(briefUri);
        const line = valueRange(fs.readFileSync(briefUri.fsPath, 'utf8'), 'id').start.line;
        const actions =
          (await vscode.commands.executeCommand(
            'vscode.executeCodeActionProvider',
            briefUri,
            new vscode.Range(line, 0, line, 0),
            'source',
          )) || [];
        const mine = actions.filter((a) => a.kind && a.kind.value === NEW_REQUEST_KIND);
        assert.equal(mine.length, 1, `one new-request action; offered ${JSON.stringify(actions.map((a) => a.title))}`);
        const [action] = mine;
        assert.equal(action.title, NEW_REQUEST_TITLE);
        assert.equal(action.disabled, undefined, `enabled; ${JSON.stringify(action.disabled)}`);
        assert.ok(action.edit, 'the action carries its edit (VS Code creates files)');
        const [created] = editedUris(action.edit);
        assert.match(path.relative(root, created.fsPath), /^\.alloy\/requests\/runreq_[0-9A-HJKMNP-TV-Z]{26}\.json$/);
        assert.equal(fs.existsSync(created.fsPath), false, 'not written before the edit is applied');
        assert.equal(await vscode.workspace.applyEdit(action.edit), true, 'applyEdit succeeded');
        await saveAllUnder(root);
        const request = JSON.parse(fs.readFileSync(created.fsPath, 'utf8'));
        const requestId = path.basename(created.fsPath, '.json');
        assert.equal(request.request_id, requestId);
        assert.deepEqual(request.repo, { path: root, revision: nav.revision, branch: nav.branch });
        const brief = fs.readFileSync(briefUri.fsPath, 'utf8');
        assert.deepEqual(request.brief, {
          id: nav.briefId,
          version: Number(valueRange(brief, 'version').value),
          digest: valueRange(brief, 'digest').value,
          local_path: nav.brief,
        });
        assert.equal(request.reporting.callback_url, `http://127.0.0.1:47311/api/run-requests/${requestId}/completed`);
        await assertRepositoryClean(root, [created, briefUri], 4);
        return `${requestId} at ${nav.revision.slice(0, 12)} on ${nav.branch}`;
      }),
    ],
  ];
}

module.exports = { checks, suite: 'navigation', file: path.basename(__filename) };
