// The editor's submit flow over the real engine, a real ledger file and a loopback intake on port
// 0: the exact file bytes and key are posted once; a second submit is "already submitted" from the
// ledger; a formatting-only edit is refused before the network with Compare offered; unsaved and
// untrusted are refused; errors are refused in `alloy check`'s words; a 401 → new token → the same
// bytes and key are sent again. The EngineHost builds the ports from the editor's settings.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { AlloyLog } from '../../client/src/log';
import { EngineHost } from '../../client/src/submission/engineHost';
import { SendingRegistry } from '../../client/src/submission/sendingRegistry';
import { SubmitFlow } from '../../client/src/submission/submitFlow';
import type { Notice, NoticeActionId } from '../../client/src/submission/submitNotice';
import { refusalText, resendRecorded, submitRequest, type SubmitOptions } from '../../server/src/submission';
import { copyExample, PAYMENT_KEY, recordingSink, removeDir, requestFile } from './clientFixtures';

interface Seen {
  body: Buffer;
  key: string | undefined;
  authorization: string | undefined;
}

async function intake(answer: (seen: Seen) => number): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        body: Buffer.concat(chunks),
        key: req.headers['idempotency-key'] as string | undefined,
        authorization: req.headers.authorization,
      };
      seen.push(entry);
      const status = answer(entry);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status >= 400 ? JSON.stringify({ title: 'Unauthorized', detail: 'a token is required' }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/projects/{project_id}/execution-requests`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function setup(
  root: string,
  endpoint: string,
  extra: { choose?: (n: Notice) => NoticeActionId | undefined; token?: () => string | undefined; setToken?: () => Promise<boolean> } = {},
) {
  const host = new EngineHost({ env: {}, home: path.dirname(root), proxy: () => ({ proxy: '', noProxy: [] }) });
  host.configure(path.join(path.dirname(root), 'state', 'ledger.jsonl'));
  const notices: Notice[] = [];
  const facts: { unsaved: string[]; untrusted: boolean } = { unsaved: [], untrusted: false };
  const sink = recordingSink();
  const flow = new SubmitFlow({
    engine: {
      submit: (file, options) => submitRequest(file, options, host.ports),
      resend: (key, options) => resendRecorded(key, options, host.ports),
    },
    ui: {
      progress: (_t, task) => task(() => undefined, new AbortController().signal),
      confirm: async () => false,
      notify: async (n) => {
        notices.push(n);
        return extra.choose?.(n);
      },
    },
    registry: new SendingRegistry(),
    log: new AlloyLog(sink),
    clock: { now: () => Date.now() },
    options: async (): Promise<SubmitOptions> => {
      const token = extra.token?.();
      return {
        endpoint,
        retry: { maxAttempts: 2, attemptTimeoutMs: 2000, baseDelayMs: 0 },
        workspaceFolders: [root],
        unsavedFiles: facts.unsaved,
        untrusted: facts.untrusted,
        ...(token === undefined ? {} : { token }),
      };
    },
    cwdOf: () => root,
    save: async () => true,
    setToken: extra.setToken ?? (async () => false),
    act: async () => undefined,
    afterRun: () => undefined,
  });
  return { host, flow, notices, facts, sink };
}

test('accepted once; again → already submitted; formatting edit → key reused with Compare; unsaved and untrusted refused', async (t) => {
  const root = copyExample('engine');
  const server = await intake(() => 202);
  t.after(async () => {
    await server.close();
    removeDir(path.dirname(root));
  });
  const { host, flow, notices, facts } = setup(root, server.url);
  const file = requestFile(root);
  const bytes = fs.readFileSync(file);

  const first = await flow.submit(file);
  await flow.idle();
  assert.equal(first?.kind, 'sent');
  assert.equal(server.seen.length, 1);
  assert.deepEqual(server.seen[0].body, bytes);
  assert.equal(server.seen[0].key, PAYMENT_KEY);
  assert.equal(server.seen[0].authorization, undefined);
  assert.equal(notices[0].text, 'runreq_01HZ_CHECKOUT_PAYMENT: accepted (202)');
  assert.equal(host.ledgerLocation, path.join(path.dirname(root), 'state', 'ledger.jsonl'));
  assert.equal(fs.readFileSync(host.ledgerLocation, 'utf8').trim().split('\n').length, 3);

  await flow.submit(file);
  await flow.idle();
  assert.equal(server.seen.length, 1);
  assert.match(
    notices[1].text,
    /^runreq_01HZ_CHECKOUT_PAYMENT: already submitted at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(answer 202\); nothing was sent$/,
  );

  fs.writeFileSync(file, bytes.toString('utf8').replace('{\n', '{\n\n'));
  await flow.submit(file);
  await flow.idle();
  assert.equal(server.seen.length, 1);
  assert.equal(notices[2].severity, 'error');
  assert.deepEqual(notices[2].actions, ['compare']);
  assert.match(notices[2].text, /formatting only \(the data is the same, the bytes are not\)/);

  facts.unsaved = [file];
  await flow.submit(file);
  facts.unsaved = [];
  facts.untrusted = true;
  await flow.submit(file);
  await flow.idle();
  assert.deepEqual(
    notices.slice(3).map((n) => [n.text, n.actions]),
    [
      [
        'Not sent: unsaved changes in .alloy/requests/checkout-payment.json. Save first: the saved bytes are what is sent.',
        ['save-and-submit'],
      ],
      ['Not sent: this workspace is not trusted. Trust it first (submitting can run Foundry on a repository).', ['manage-trust']],
    ],
  );
  assert.equal(server.seen.length, 1);
});

test("a request with errors is refused with the engine's (the CLI's) words and Show Problems", async (t) => {
  const root = copyExample('engine-errors');
  const server = await intake(() => 202);
  t.after(async () => {
    await server.close();
    removeDir(path.dirname(root));
  });
  const { host, flow, notices } = setup(root, server.url);
  const file = requestFile(root, 'broken-digest-mismatch.json');
  const result = await flow.submit(file);
  await flow.idle();
  assert.equal(result?.kind, 'refused');
  assert.equal(server.seen.length, 0);
  const cli = await submitRequest(file, { endpoint: server.url, workspaceFolders: [root] }, host.ports);
  assert.equal(cli.kind, 'refused');
  const full = refusalText((cli as { refusal: Parameters<typeof refusalText>[0] }).refusal, { cwd: root });
  assert.ok(notices[0].text.startsWith(full.split('\n')[0]));
  assert.match(notices[0].text, /\.alloy\/requests\/broken-digest-mismatch\.json:\d+:\d+: error digest-mismatch /);
  assert.deepEqual(notices[0].actions, ['show-problems']);
});

test('401 → Set API Token → the recorded bytes and the same key are sent again with the new token', async (t) => {
  const root = copyExample('engine-auth');
  const server = await intake((seen) => (seen.authorization === 'Bearer tok-123' ? 202 : 401));
  t.after(async () => {
    await server.close();
    removeDir(path.dirname(root));
  });
  let token: string | undefined;
  const { flow, notices, sink } = setup(root, server.url, {
    choose: (n) => (n.actions.includes('set-token-and-resend') ? 'set-token-and-resend' : undefined),
    token: () => token,
    setToken: async () => {
      token = 'tok-123';
      return true;
    },
  });
  await flow.submit(requestFile(root));
  await flow.idle();
  assert.equal(server.seen.length, 2);
  assert.deepEqual(server.seen[1].body, server.seen[0].body);
  assert.equal(server.seen[1].key, server.seen[0].key);
  assert.deepEqual(
    server.seen.map((s) => s.authorization),
    [undefined, 'Bearer tok-123'],
  );
  assert.deepEqual(
    notices.map((n) => n.text),
    [
      'runreq_01HZ_CHECKOUT_PAYMENT: not authorised (401): set the API token, then submit again (the same bytes and key are sent)',
      'runreq_01HZ_CHECKOUT_PAYMENT: recorded bytes re-sent: accepted (202)',
    ],
  );
  assert.ok(sink.lines.every((l) => !l.message.includes('tok-123')));
});

test('EngineHost: a relative ledger setting gives a ledger that refuses in words, and the engine refuses to send', async (t) => {
  const root = copyExample('engine-ledger');
  t.after(() => removeDir(path.dirname(root)));
  const host = new EngineHost({ env: {}, home: '/home/someone', proxy: () => ({ proxy: '', noProxy: [] }) });
  assert.equal(host.configure('ledger.jsonl'), true);
  assert.equal(host.ledgerProblem, 'alloy.submit.ledgerPath must be an absolute path (or start with ~/), not "ledger.jsonl"');
  await assert.rejects(host.ledger.read(), /must be an absolute path/);
  const result = await submitRequest(requestFile(root), { endpoint: 'http://127.0.0.1:9/x', workspaceFolders: [root] }, host.ports);
  assert.equal(result.kind, 'refused');
  assert.match(
    refusalText((result as { refusal: Parameters<typeof refusalText>[0] }).refusal),
    /^Not sent: the submission ledger ledger\.jsonl cannot be read \(alloy\.submit\.ledgerPath must be an absolute path/,
  );
  assert.equal(host.configure('ledger.jsonl'), false);
  assert.equal(host.configure('~/state/ledger.jsonl'), true);
  assert.equal(host.ledgerLocation, '/home/someone/state/ledger.jsonl');
  assert.equal(host.ledger.location, '/home/someone/state/ledger.jsonl');
  assert.equal(host.ledgerProblem, undefined);
});
