// package.json and the client agree: every declared command is registered (and every `alloy.*`
// command the client runs is registered), menus name declared commands, `when` clauses use only the
// context keys the client sets, every setting read is declared (and every declared one read), the
// panel and virtual-document schemes have activation events, and Restricted Mode is "limited".

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CONFIG_KEYS } from '../../client/src/config';
import { CONTEXT_KEY_NAMES } from '../../client/src/context/contextKeys';
import { REPORT_SCHEME, SUBMITTED_SCHEME } from '../../client/src/reports/virtualDocuments';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function clientSources(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'client', 'src'));
  return out.join('\n');
}

const sources = clientSources();
const registered = new Set([...sources.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]));
const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

test('every declared command is registered, with the Alloy category', () => {
  for (const command of declared) assert.ok(registered.has(command), `${command} is declared but not registered`);
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Alloy', c.command);
  assert.deepEqual(declared.sort(), [
    'alloy.clearApiToken',
    'alloy.compareWithSubmitted',
    'alloy.importReport',
    'alloy.resend',
    'alloy.restartServer',
    'alloy.setApiToken',
    'alloy.showOutput',
    'alloy.showReports',
    'alloy.showSubmissions',
    'alloy.submitRequest',
  ]);
});

test('every alloy.* command the client runs or puts in a lens or the status bar is registered', () => {
  const used = new Set([...sources.matchAll(/(?:command:\s*|executeCommand\(|':\s*)'(alloy\.[A-Za-z]+)'/g)].map((m) => m[1]));
  // Five since the brief's "N requests" lens is the server's (it no longer runs alloy.openRequestsOfBrief).
  assert.ok(used.size >= 5, [...used].join(', '));
  for (const id of used) assert.ok(registered.has(id), `${id} is used but not registered`);
  assert.ok(registered.has('alloy.openRequestsOfBrief'));
});

test('menus name declared commands; when clauses use only the context keys the client sets', () => {
  const menus: Record<string, { command: string; when?: string }[]> = manifest.contributes.menus;
  const keys = new Set<string>(CONTEXT_KEY_NAMES);
  for (const [menu, items] of Object.entries(menus)) {
    for (const item of items) {
      assert.ok(declared.includes(item.command), `${menu}: ${item.command} is not declared`);
      for (const [key] of (item.when ?? '').matchAll(/alloy\.[A-Za-z.]+/g)) assert.ok(keys.has(key), `${menu}: ${key} is never set`);
    }
  }
  assert.match(sources, /executeCommand\('setContext', key/);
});

test('every setting read is declared, and every declared setting is read (trace.server by the language client, newRequest.callbackUrl by the server)', () => {
  const properties = Object.keys(manifest.contributes.configuration.properties).sort();
  const read = Object.values(CONFIG_KEYS).map((k) => `alloy.${k}`);
  assert.deepEqual([...read, 'alloy.trace.server', 'alloy.newRequest.callbackUrl'].sort(), properties);
  // The server asks for it with workspace/configuration, section `alloy`, member newRequest.callbackUrl.
  const feature = fs.readFileSync(path.join(ROOT, 'server/src/lsp/newRequestFeature.ts'), 'utf8');
  assert.match(feature, /section: 'alloy'/);
  assert.match(feature, /\.newRequest\b[\s\S]*\.callbackUrl\b/);
});

test('activation: the panel restores after a reload, virtual documents reopen, and Restricted Mode is limited', () => {
  const events: string[] = manifest.activationEvents;
  assert.ok(events.includes('onWebviewPanel:alloy.reports'));
  assert.match(sources, /REPORTS_VIEW_TYPE = 'alloy\.reports'/);
  assert.ok(events.includes(`onFileSystem:${REPORT_SCHEME}`));
  assert.ok(events.includes(`onFileSystem:${SUBMITTED_SCHEME}`));
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  for (const key of ['alloy.submit.endpoint', 'alloy.submit.transport', 'alloy.foundry.cliPath', 'alloy.submit.ledgerPath']) {
    assert.ok(trust.restrictedConfigurations.includes(key), key);
    assert.equal(manifest.contributes.configuration.properties[key].scope, 'machine', key);
  }
});

test('the client never reads ALLOY_TOKEN, never enables retainContextWhenHidden, and keeps the token in SecretStorage', () => {
  assert.doesNotMatch(sources.replace(/\/\/.*$/gm, ''), /process\.env\.ALLOY_TOKEN|env\.ALLOY_TOKEN|\['ALLOY_TOKEN'\]/);
  assert.doesNotMatch(sources, /retainContextWhenHidden:\s*true/);
  assert.match(sources, /secrets\.store\(SECRET_KEY/);
  assert.doesNotMatch(sources, /getConfiguration\([^)]*\)\.update\([^)]*[Tt]oken/);
});
