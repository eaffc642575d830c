// The test process's half of the file bridge between the in-host suites and this process: a suite
// writes `<dir>/asks/<id>.json` ({ id, kind, args }); this process runs the handler registered for
// `kind` (look at the workbench DOM with Playwright, ask the dev intake, take a screenshot) and
// writes `<dir>/answers/<id>.json` ({ ok, value } or { ok: false, error }). Files are written to a
// temp name and renamed, so neither side ever reads half a message. See suite/lib/bridge.js.

import fs from 'node:fs';
import path from 'node:path';

const POLL_MS = 50;

export class Bridge {
  constructor(dir, log) {
    this.dir = dir;
    this.log = log;
    this.asks = path.join(dir, 'asks');
    this.answers = path.join(dir, 'answers');
    fs.mkdirSync(this.asks, { recursive: true });
    fs.mkdirSync(this.answers, { recursive: true });
    this.handlers = new Map();
    this.seen = new Set();
    this.running = new Set();
    this.timer = undefined;
  }

  /** `fn(args)` answers asks of `kind`; what it returns (or throws) is the answer. */
  on(kind, fn) {
    this.handlers.set(kind, fn);
    return this;
  }

  start() {
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }

  poll() {
    let names;
    try {
      names = fs.readdirSync(this.asks).filter((name) => name.endsWith('.json'));
    } catch {
      return;
    }
    for (const name of names) {
      if (this.seen.has(name)) continue;
      this.seen.add(name);
      const task = this.answer(name).finally(() => this.running.delete(task));
      this.running.add(task);
    }
  }

  async answer(name) {
    let ask;
    try {
      ask = JSON.parse(fs.readFileSync(path.join(this.asks, name), 'utf8'));
    } catch (error) {
      this.log(`bridge: ${name} is not a readable ask: ${error.message}`);
      return;
    }
    const handler = this.handlers.get(ask.kind);
    let answer;
    const started = Date.now();
    if (!handler) answer = { ok: false, error: `the test process has no answer for "${ask.kind}"` };
    else {
      try {
        answer = { ok: true, value: (await handler(ask.args ?? {})) ?? null };
      } catch (error) {
        answer = { ok: false, error: error && error.message ? error.message.split('\n').slice(0, 12).join('\n') : String(error) };
      }
    }
    this.log(`bridge: ${ask.kind} → ${answer.ok ? 'answered' : `failed: ${answer.error.split('\n')[0]}`} (${Date.now() - started} ms)`);
    const file = path.join(this.answers, `${ask.id}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
    fs.renameSync(`${file}.tmp`, file);
  }
}
