// Real-editor smoke test: runs inside VS Code's extension host (loaded through `extensionTestsPath`)
// with the Alloy extension under development and a copy of examples/checkout-service as the workspace.
// Plain CommonJS, no build step, no test framework: `run()` returns a Promise, rejected when any check
// fails, which is the shape @vscode/test-electron and code-server's smoke-test driver both expect.
//
// The expected diagnostics are not guessed here: test/e2e/run.mjs runs `alloy check --format json` on
// the same copy (before and after the brief edit of check 5) and passes the file's path in
// ALLOY_E2E_EXPECTED.

'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'alloy.alloy-vscode';
const POLL_MS = 100;
const WAIT_MS = 20000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something other than undefined; fails after `ms` with `what`. */
async function waitFor(what, probe, ms = WAIT_MS) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

function codeOf(diagnostic) {
  const code = diagnostic.code;
  return code !== null && typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function alloyDiagnostics(uri, code) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'alloy' && codeOf(d) === code);
}

function describeDiagnostics(uri) {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(none)';
  return all
    .map((d) => `${d.source}/${codeOf(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
    .join(', ');
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The CLI's 1-based, end-exclusive columns as a 0-based VS Code range. */
function rangeOfCliDiagnostic(d) {
  return new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
}

function plainRange(range) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** Asserts that the editor shows exactly the diagnostic the CLI reported (code, severity, range, message). */
function assertSameAsCli(actual, cli) {
  assert.equal(codeOf(actual), cli.code);
  assert.equal(actual.source, 'alloy');
  assert.equal(actual.severity, SEVERITY[cli.severity], `severity of ${cli.code}`);
  assert.deepEqual(plainRange(actual.range), plainRange(rangeOfCliDiagnostic(cli)), `range of ${cli.code}`);
  assert.equal(actual.message, cli.message, `message of ${cli.code}`);
}

function loadExpectations() {
  const file = process.env.ALLOY_E2E_EXPECTED;
  if (!file) throw new Error('ALLOY_E2E_EXPECTED is not set: run this suite through test/e2e/run.mjs');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The one CLI diagnostic with `code` for `file` (relative to the workspace folder) in `state`. */
function cliDiagnostic(expectations, state, file, code) {
  const found = expectations[state].filter((d) => d.file === file && d.code === code);
  assert.equal(found.length, 1, `the CLI reports exactly one ${code} for ${file} (${state}); it reported ${found.length}`);
  return found[0];
}

function waitForDiagnostic(uri, code) {
  return waitFor(`${code} on ${path.basename(uri.fsPath)} (now: ${describeDiagnostics(uri)})`, () => {
    const found = alloyDiagnostics(uri, code);
    return found.length > 0 ? found : undefined;
  });
}

function hoverText(hovers) {
  const parts = [];
  for (const hover of hovers) {
    for (const content of hover.contents) parts.push(typeof content === 'string' ? content : content.value);
  }
  return parts.join('\n');
}

function isOpen(uri) {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

async function run() {
  const expectations = loadExpectations();
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  assert.equal(folder.uri.fsPath, expectations.workspace, 'the workspace is the copy run.mjs made');
  const uriOf = (relative) => vscode.Uri.joinPath(folder.uri, ...relative.split('/'));

  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
  await extension.activate();
  console.log(`[alloy-e2e] extension ${EXTENSION_ID} active`);

  const digestFile = '.alloy/requests/broken-digest-mismatch.json';
  const escapeFile = '.alloy/requests/broken-path-escape.json';
  const paymentFile = '.alloy/requests/checkout-payment.json';
  const briefFile = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
  const digestUri = uriOf(digestFile);
  const escapeUri = uriOf(escapeFile);
  const paymentUri = uriOf(paymentFile);
  const briefUri = uriOf(briefFile);
  const cliDigestMismatch = cliDiagnostic(expectations, 'before', digestFile, 'digest-mismatch');

  const checks = [
    [
      '1 digest-mismatch on an opened request, same range as the CLI',
      async () => {
        const document = await vscode.workspace.openTextDocument(digestUri);
        await vscode.window.showTextDocument(document);
        const [diagnostic] = await waitForDiagnostic(digestUri, 'digest-mismatch');
        assertSameAsCli(diagnostic, cliDigestMismatch);
      },
    ],
    [
      '2 an unopened request has its diagnostic from the start-up scan',
      async () => {
        assert.equal(isOpen(escapeUri), false, `${escapeFile} must not be open`);
        const cli = cliDiagnostic(expectations, 'before', escapeFile, 'brief-path-escapes-root');
        const [diagnostic] = await waitForDiagnostic(escapeUri, 'brief-path-escapes-root');
        assertSameAsCli(diagnostic, cli);
        assert.equal(isOpen(escapeUri), false, `${escapeFile} is still not open`);
      },
    ],
    [
      '3 hover on brief.digest shows a sha256 digest',
      async () => {
        const inside = rangeOfCliDiagnostic(cliDigestMismatch).start.translate(0, 5);
        const hovers = await waitFor('a hover on brief.digest', async () => {
          const result = await vscode.commands.executeCommand('vscode.executeHoverProvider', digestUri, inside);
          return result && result.length > 0 ? result : undefined;
        });
        const text = hoverText(hovers);
        assert.match(text, /sha256:[0-9a-f]{64}/, `hover text: ${text}`);
        assert.ok(
          text.includes(expectations.briefDigestBefore),
          `the hover shows the brief's computed digest ${expectations.briefDigestBefore}; hover text: ${text}`,
        );
      },
    ],
    [
      '4 the digest quick fix removes digest-mismatch',
      async () => {
        const range = rangeOfCliDiagnostic(cliDigestMismatch);
        const actions = await vscode.commands.executeCommand(
          'vscode.executeCodeActionProvider',
          digestUri,
          range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const titles = (actions || []).map((a) => a.title);
        const fix = (actions || []).find((a) => a.edit && /digest/i.test(a.title));
        assert.ok(fix, `a quick fix mentioning the digest; offered: ${JSON.stringify(titles)}`);
        assert.ok(!fix.kind || vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind && fix.kind.value}`);
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit succeeded');
        const document = await vscode.workspace.openTextDocument(digestUri);
        const fixed = JSON.parse(document.getText());
        assert.equal(fixed.brief.digest, expectations.briefDigestBefore, "brief.digest now holds the brief's digest");
        await waitFor(`digest-mismatch to leave ${digestFile} (now: ${describeDiagnostics(digestUri)})`, () =>
          alloyDiagnostics(digestUri, 'digest-mismatch').length === 0 ? true : undefined,
        );
      },
    ],
    [
      '5 editing the brief in an editor flags the unopened checkout-payment.json',
      async () => {
        assert.equal(isOpen(paymentUri), false, `${paymentFile} must not be open`);
        assert.deepEqual(
          expectations.before.filter((d) => d.file === paymentFile),
          [],
          `the CLI finds ${paymentFile} clean before the edit`,
        );
        assert.deepEqual(alloyDiagnostics(paymentUri, 'digest-mismatch'), [], `${paymentFile} starts without digest-mismatch`);
        const cli = cliDiagnostic(expectations, 'afterBriefEdit', paymentFile, 'digest-mismatch');
        const brief = await vscode.workspace.openTextDocument(briefUri);
        await vscode.window.showTextDocument(brief);
        const at = brief.getText().indexOf(expectations.briefEdit.find);
        assert.ok(at >= 0, `the brief contains ${JSON.stringify(expectations.briefEdit.find)}`);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(
          briefUri,
          new vscode.Range(brief.positionAt(at), brief.positionAt(at + expectations.briefEdit.find.length)),
          expectations.briefEdit.replace,
        );
        assert.equal(await vscode.workspace.applyEdit(edit), true, 'applyEdit succeeded');
        assert.equal(brief.isDirty, true, 'the brief is edited in the editor, not saved');
        const [diagnostic] = await waitForDiagnostic(paymentUri, 'digest-mismatch');
        assertSameAsCli(diagnostic, cli);
        assert.equal(isOpen(paymentUri), false, `${paymentFile} is still not open`);
      },
    ],
  ];

  const failures = [];
  for (const [name, check] of checks) {
    const started = Date.now();
    try {
      await check();
      console.log(`[alloy-e2e] PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(name);
      console.log(`[alloy-e2e] FAIL ${name} (${Date.now() - started} ms): ${error && error.stack ? error.stack : error}`);
    }
  }
  console.log(`[alloy-e2e] ${checks.length - failures.length}/${checks.length} checks passed`);
  if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
}

module.exports = { run };
