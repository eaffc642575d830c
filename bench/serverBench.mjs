// The language-server figures, over stdio (test/support/lspSession.ts for ours,
// anchors/jsonServerSession.mjs for vscode-json-language-server):
//   - server start → first diagnostics of an opened request (a fresh process each run);
//   - the start-up scan of a workspace of 1 + 1 briefs and N + 10 requests;
//   - edit → diagnostics of a request, ours alternated with the JSON server's (push, with its
//     built-in delay, and pull, answered at once);
//   - edit → diagnostics of a brief (the brief with 10 dependants; its re-check awaited each time);
//   - a brief edit → all N requests re-published, with the brief hashed once (counters preload).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LspSession, pathOf, uriOf, within } from '../test/support/lspSession.ts';
import { judgeProof, planted } from './anchors/anchorProof.mjs';
import { JsonServerSession } from './anchors/jsonServerSession.mjs';
import { installedLabel } from './anchors/anchorServices.mjs';
import { createBenchWorkspace, removeWorkspace } from './benchWorkspace.mjs';

/** Preloaded into the server: counts hashes and file-system calls, answers over fd 3. */
const COUNTERS = fileURLToPath(new URL('./serverCounters.cjs', import.meta.url));
/** What the bench's client announces: work-done progress (to time the scan) and versioned diagnostics. */
const CAPABILITIES = {
  window: { workDoneProgress: true },
  workspace: { workspaceFolders: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};
const OBJECTIVE = 'Let a customer submit a card payment';
const EDIT_WAIT_MS = 5000;

/** Routes every publish of a session to the waits currently registered. */
function publishes(session) {
  const waits = new Set();
  session.onPublish = ({ uri, version }) => {
    const file = pathOf(uri);
    for (const wait of [...waits]) wait(file, version);
  };
  return {
    /** Collects the published files until `stop()`. */
    record() {
      const files = new Set();
      const wait = (file) => files.add(file);
      waits.add(wait);
      return { files, stop: () => waits.delete(wait) };
    },
    /** Resolves when `accept(file, version)` holds for one publish. */
    one(accept, what, ms) {
      let wait;
      const done = new Promise((resolve) => {
        wait = (file, version) => {
          if (accept(file, version)) resolve();
        };
        waits.add(wait);
      });
      return within(done, what, ms).finally(() => waits.delete(wait));
    },
    /** Resolves when every path in `wanted` has been published since the call. */
    all(wanted, what, ms) {
      const seen = new Set();
      let wait;
      const done = new Promise((resolve) => {
        wait = (file) => {
          if (!wanted.has(file) || seen.has(file)) return;
          seen.add(file);
          if (seen.size === wanted.size) resolve();
        };
        waits.add(wait);
        if (wanted.size === 0) resolve();
      });
      return within(done, what, ms)
        .catch((error) => {
          throw new Error(`${error.message} (${seen.size} of ${wanted.size} published)`);
        })
        .finally(() => waits.delete(wait));
    },
  };
}

/** The position (line, character) of a UTF-16 offset in `text`. */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range of `length` characters after the first `marker` in `text`. */
function rangeAfter(text, marker, length) {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`the text has no ${marker} to edit`);
  const start = positionAt(text, at + marker.length);
  return { start, end: { line: start.line, character: start.character + length } };
}

/** Spawn → first publishDiagnostics of a request opened right after initialize, `runs` fresh servers. */
export async function benchFirstDiagnostics({ runs, timeoutMs, log }) {
  const ws = createBenchWorkspace({ requestsPerBrief: [1], label: 'first' });
  try {
    const file = path.resolve(ws.requestPaths[0]);
    const uri = uriOf(file);
    const text = fs.readFileSync(file, 'utf8');
    const times = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const session = await LspSession.start(ws.root, uriOf(ws.root), { capabilities: CAPABILITIES, timeoutMs });
      try {
        await session.open(uri, text);
        await session.waitForDiagnostics(uri, () => true, 0, timeoutMs);
        times.push(performance.now() - started);
      } finally {
        await session.dispose(3000);
      }
    }
    log(`  first diagnostics: ${times.map((t) => Math.round(t)).join(', ')} ms`);
    return times;
  } finally {
    removeWorkspace(ws.root);
  }
}

async function scanFigures(session, ws, watch, timeoutMs) {
  const everyFile = new Set([...ws.briefPaths, ...ws.requestPaths].map((p) => path.resolve(p)));
  const seen = watch.record();
  const started = performance.now();
  await session.initializedAndScanned(timeoutMs);
  const scanMs = performance.now() - started;
  seen.stop();
  const published = [...everyFile].filter((f) => seen.files.has(f)).length;
  return { scanMs, files: everyFile.size, published, counters: await session.counters() };
}

/** Opens the request in the JSON server and proves it validates (planted error found, clean file 0). */
async function proveJsonServer(server, uri, text, timeoutMs) {
  let since = server.published.length;
  await server.open(uri, planted('request', text));
  const withError = server.pull
    ? await server.pullDiagnostics(uri, timeoutMs)
    : (await server.nextPublish(uri, since, 'the JSON server diagnostics of the planted request', timeoutMs)).diagnostics;
  since = server.published.length;
  await server.edit(uri, [{ text }]);
  const clean = server.pull
    ? await server.pullDiagnostics(uri, timeoutMs)
    : (await server.nextPublish(uri, since, 'the JSON server diagnostics of the clean request', timeoutMs)).diagnostics;
  const swallowed = server.serverErrors.filter((e) => /error/i.test(e)).slice(0, 1);
  return judgeProof({ clean, planted: withError, swallowed });
}

/**
 * Request edits, one at a time, ours alternated with the anchors: every round, one edit of ours
 * and one of the JSON server in pull mode; every `pushEvery` rounds, one edit of the JSON server in
 * push mode. Each edit flips `requested_by` between `stacey` and `stacez`.
 */
async function requestEdits({ session, watch, anchors, file, edits, warmup, pushEvery }) {
  const text = fs.readFileSync(file, 'utf8');
  const range = rangeAfter(text, '"requested_by": "', 'stacey'.length);
  const uri = uriOf(file);
  const opened = watch.one((f, v) => f === file && v === 1, "the opened request's diagnostics", EDIT_WAIT_MS);
  await session.open(uri, text);
  await opened;
  const ours = [];
  const pull = [];
  const push = [];
  for (let i = 0; i < warmup + edits; i++) {
    const change = [{ range, text: i % 2 === 0 ? 'stacez' : 'stacey' }];
    const expected = session.versionOf(uri) + 1;
    const published = watch.one((f, v) => f === file && v === expected, `diagnostics of version ${expected}`, EDIT_WAIT_MS);
    let sent = performance.now();
    await session.edit(uri, change);
    await published;
    if (i >= warmup) ours.push(performance.now() - sent);
    if (anchors.pull) {
      sent = performance.now();
      await anchors.pull.edit(uri, change);
      await anchors.pull.pullDiagnostics(uri, EDIT_WAIT_MS);
      if (i >= warmup) pull.push(performance.now() - sent);
    }
    if (anchors.push && i >= warmup && (i - warmup) % pushEvery === 0) {
      const since = anchors.push.published.length;
      sent = performance.now();
      await anchors.push.edit(uri, change);
      await anchors.push.nextPublish(uri, since, 'the JSON server diagnostics after an edit', EDIT_WAIT_MS);
      push.push(performance.now() - sent);
    }
  }
  return { ours, pull, push };
}

/** Brief edits (one character of its objective); each time the brief's own publish is timed, then its dependants' re-check awaited. */
async function briefEdits({ session, watch, brief, dependants, edits, warmup, timeoutMs }) {
  const text = fs.readFileSync(brief, 'utf8');
  if (!text.includes(OBJECTIVE)) throw new Error("the brief's objective is not where the bench expects it");
  const range = rangeAfter(text, OBJECTIVE.slice(0, -1), 1);
  const uri = uriOf(brief);
  const wanted = new Set(dependants.map((p) => path.resolve(p)));
  const settled = watch.all(wanted, 'the re-check after opening the small brief', timeoutMs);
  await session.open(uri, text);
  await settled;
  const times = [];
  for (let i = 0; i < warmup + edits; i++) {
    const expected = session.versionOf(uri) + 1;
    const own = watch.one((f, v) => f === brief && v === expected, `the brief's diagnostics of version ${expected}`, EDIT_WAIT_MS);
    const recheck = watch.all(wanted, `the re-check of ${wanted.size} requests after brief edit ${i + 1}`, timeoutMs);
    const sent = performance.now();
    await session.edit(uri, [{ range, text: i % 2 === 0 ? 'x' : OBJECTIVE.at(-1) }]);
    await own;
    if (i >= warmup) times.push(performance.now() - sent);
    await recheck;
  }
  return times;
}

/** Full-text changes of the big brief's objective (the first `warmup` not timed); the time until every request naming it is published again. */
async function briefFanOut({ session, watch, brief, dependants, warmup, repeats, timeoutMs }) {
  const requests = new Set(dependants.map((p) => path.resolve(p)));
  const original = fs.readFileSync(brief, 'utf8');
  if (!original.includes(OBJECTIVE)) throw new Error("the brief's objective is not where the bench expects it");
  // Opening the brief is itself a change: let its fan-out finish before measuring.
  const afterOpen = watch.all(requests, 'the re-check after opening the brief', timeoutMs);
  await session.open(uriOf(brief), original);
  await afterOpen;
  const times = [];
  const briefDigests = [];
  for (let i = 1; i <= warmup + repeats; i++) {
    const before = await session.counters();
    const edited = original.replace(OBJECTIVE, `${OBJECTIVE} (bench edit ${i})`);
    const done = watch.all(requests, `the re-check of ${requests.size} requests after brief edit ${i}`, timeoutMs);
    const sent = performance.now();
    await session.change(uriOf(brief), edited);
    await done;
    const elapsed = performance.now() - sent;
    const after = await session.counters();
    if (i > warmup) {
      times.push(elapsed);
      briefDigests.push(after.briefDigests - before.briefDigests);
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // let stragglers settle
  }
  return { times, briefDigests };
}

/** Every figure of a running server, on a workspace of two briefs: `requestCount` requests name the first, 10 the second. */
export async function benchServer({ requestCount, edits, pushEdits, briefEditCount, repeats, warmup, timeoutMs, schemaDir, log }) {
  const ws = createBenchWorkspace({ requestsPerBrief: [requestCount, 10], label: 'lsp' });
  const [bigBrief, smallBrief] = ws.briefPaths.map((p) => path.resolve(p));
  let session;
  const anchors = {};
  try {
    session = await LspSession.start(ws.root, uriOf(ws.root), {
      capabilities: CAPABILITIES,
      countersPreload: COUNTERS,
      deferInitialized: true,
      timeoutMs,
    });
    const watch = publishes(session);
    const scan = await scanFigures(session, ws, watch, timeoutMs);
    log(`  scan: ${Math.round(scan.scanMs)} ms, ${scan.files} files, counters ${JSON.stringify(scan.counters)}`);

    const request = path.resolve(ws.requestsOf.get(ws.briefPaths[1])[0]);
    const requestText = fs.readFileSync(request, 'utf8');
    const proofs = {};
    for (const mode of ['push', 'pull']) {
      let server;
      try {
        server = await JsonServerSession.start({ rootUri: uriOf(ws.root), schemaDir, pull: mode === 'pull', timeoutMs });
        proofs[mode] = await proveJsonServer(server, uriOf(request), requestText, timeoutMs);
      } catch (error) {
        proofs[mode] = { validated: false, reason: `could not run it: ${error.message}` };
      }
      log(`  JSON server (${mode}): ${proofs[mode].reason}`);
      if (proofs[mode].validated) anchors[mode] = server;
      else await server?.dispose(3000);
    }
    const pushEvery = Math.max(1, Math.floor(edits / Math.max(1, pushEdits)));
    const latencies = await requestEdits({ session, watch, anchors, file: request, edits, warmup, pushEvery });
    log(`  ${latencies.ours.length} request edits (ours), ${latencies.pull.length} (JSON server, pull), ${latencies.push.length} (push)`);
    const briefLatencies = await briefEdits({
      session,
      watch,
      brief: smallBrief,
      dependants: ws.requestsOf.get(ws.briefPaths[1]),
      edits: briefEditCount,
      warmup: Math.min(warmup, 5),
      timeoutMs,
    });
    log(`  ${briefLatencies.length} brief edits`);
    const fanOut = await briefFanOut({
      session,
      watch,
      brief: bigBrief,
      dependants: ws.requestsOf.get(ws.briefPaths[0]),
      warmup: 2,
      repeats,
      timeoutMs,
    });
    log(
      `  brief fan-out: ${fanOut.times.map((t) => Math.round(t)).join(', ')} ms; brief digests per edit: ${fanOut.briefDigests.join(', ')}`,
    );
    return {
      scan,
      requestCount,
      latencies,
      briefLatencies,
      fanOut,
      jsonServer: { name: installedLabel('vscode-langservers-extracted'), proofs },
    };
  } catch (error) {
    const stderr = session?.serverErrors.join('').slice(-4000).trim();
    if (stderr) log(`  server stderr: ${stderr}`);
    throw error;
  } finally {
    await session?.dispose(3000);
    await anchors.push?.dispose(3000);
    await anchors.pull?.dispose(3000);
    removeWorkspace(ws.root);
  }
}
