// Headless Chromium for the reports page tests: launches the system Chromium (waiting for it to be
// installed, failing with the fix when it is missing), builds the page script with esbuild, serves
// the page and the script from a loopback server with every other request recorded and refused,
// and stubs `acquireVsCodeApi` so that posted messages and saved state can be read back.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { nonceFrom, renderReportsPage } from '../../client/src/reports/reportsHtml';
import type { ReportsPageState } from '../../client/src/reports/reportsPageState';
import { startPageServer, type PageServer } from './nodePageServer';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');

/** Waits up to `limitMs` for Chromium to appear (it may be being installed), then fails with the fix. */
export async function chromiumPath(limitMs = 10 * 60_000): Promise<string> {
  const until = Date.now() + limitMs;
  while (!existsSync(CHROMIUM)) {
    if (Date.now() > until) {
      throw new Error(`${CHROMIUM} is missing: install it with \`sudo apt-get install chromium\` to run the reports page tests.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return CHROMIUM;
}

/** One browser and one page server for a test file; `close` ends both. */
export interface ReportsBrowser {
  browser: Browser;
  server: PageServer;
  close(): Promise<void>;
}

export async function startReportsBrowser(): Promise<ReportsBrowser> {
  const server = await startPageServer(await pageScript());
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: ['--no-sandbox'] });
  return {
    browser,
    server,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

let bundle: Promise<string> | undefined;

/** dist/reportsView.js as `npm run build` makes it (same entry and options), built in memory. */
export function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(ROOT, 'client/src/reports/webview/reportsView.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}

export function testNonce(): string {
  return nonceFrom(new Uint8Array(Array.from({ length: 16 }, (_, i) => i * 17 + 3)));
}

export function pageHtml(at: ReportsBrowser, state: ReportsPageState, nonce = testNonce()): string {
  return renderReportsPage(state, { nonce, cspSource: at.server.origin, scriptUri: at.server.scriptUrl });
}

/**
 * In the page before any of its own scripts: the `acquireVsCodeApi` stub (posted messages in
 * `__posted`, state in `__saved`, a second call throws as in VS Code) and the traps: dialogs are
 * recorded by Playwright, CSP violations here, and `__pwned` must stay unset.
 */
function initScript(saved: unknown): string {
  return `(() => {
    window.__posted = [];
    window.__saved = ${JSON.stringify(saved ?? null)};
    window.__acquired = 0;
    window.__csp = [];
    window.__errors = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
    window.acquireVsCodeApi = () => {
      if (++window.__acquired > 1) throw new Error('acquireVsCodeApi called twice');
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__saved,
        setState: (s) => { window.__saved = JSON.parse(JSON.stringify(s)); },
      };
    };
  })();`;
}

export interface ReportsPage {
  page: Page;
  /** The URL of the document now shown. */
  url: string;
  context: BrowserContext;
  /** Every URL the page requested other than the page and the script (all refused). */
  foreignRequests: string[];
  /** Every URL requested, in order. */
  requests: string[];
  dialogs: string[];
  console: string[];
  pageErrors: string[];
  /** Loads another document in the same page (the init script runs again; the records go on). */
  navigate(html: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  saved?: unknown;
  viewport?: { width: number; height: number };
  /** false: load the page with scripts off (what shows before the page script runs). */
  javaScriptEnabled?: boolean;
}

/** Opens the page for `html` in a fresh context. */
export async function openReportsPage(at: ReportsBrowser, html: string, options: OpenOptions = {}): Promise<ReportsPage> {
  const { server } = at;
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const context = await at.browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 900 }, javaScriptEnabled });
  const opened: ReportsPage = {
    page: undefined as unknown as Page,
    url: '',
    context,
    foreignRequests: [],
    requests: [],
    dialogs: [],
    console: [],
    pageErrors: [],
    navigate: async (next: string) => {
      opened.url = server.serve(next);
      await opened.page.goto(opened.url, { waitUntil: 'load' });
      // The page script runs before `load` and posts `ready` synchronously.
      if (javaScriptEnabled && !(await opened.page.evaluate('window.__posted.some((m) => m.type === "ready")'))) {
        throw new Error('the page script did not post ready by the load event');
      }
    },
    close: () => context.close(),
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    opened.requests.push(url);
    if (server.owns(url)) return route.continue();
    opened.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  opened.page = page;
  await page.addInitScript(initScript(options.saved));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => opened.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  await opened.navigate(html);
  return opened;
}

/** Messages the page has posted so far. */
export function posted(page: Page): Promise<{ type: string; requestId?: string }[]> {
  return page.evaluate('window.__posted') as Promise<{ type: string; requestId?: string }[]>;
}

/** Sends a message to the page as the extension would (`webview.postMessage`). */
export async function sendToPage(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message);
  // A message event is a task: let it run before the caller looks at the DOM.
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
}
