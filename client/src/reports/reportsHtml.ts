// The whole "Alloy Reports" webview document, pure: a strict content security policy, the
// stylesheet under a nonce, the page rendered on the server side (content shows before any script
// runs), the state embedded as inert JSON for the page script, and the script under the nonce.

import { escapeHtml } from './escapeHtml';
import { jsonForScriptElement } from './embeddedJson';
import { renderReportsBody } from './reportsBody';
import type { ReportsPageState } from './reportsPageState';
import { STATE_ELEMENT_ID, stateProblem } from './reportsPageProtocol';
import { REPORTS_CSS } from './reportsStyles';

export interface ReportsPageAssets {
  /** Fresh for every document: at least 128 random bits, base64 or hex (see `nonceFrom`). */
  nonce: string;
  /** The webview's `cspSource` (the origin its local resources are served from). */
  cspSource: string;
  /** `webview.asWebviewUri` of dist/reportsView.js. */
  scriptUri: string;
  /** A bundled stylesheet to link instead of the inline (nonce'd) styles. */
  styleUri?: string;
}

const NONCE = /^[A-Za-z0-9+/_-]{22,}={0,2}$/;
/** One source expression of a webview's `cspSource`: `'self'`, a scheme (`vscode-resource:`), or a
 *  scheme-qualified host such as `https://*.vscode-cdn.net`. Anything else (`'unsafe-inline'`, a
 *  bare `*`, a `;` that would start a new directive) is refused. */
const CSP_SOURCE_TOKEN = /^(?:'self'|[a-z][a-z0-9+.-]*:(?:\/\/[^\s;,'"]+)?)$/i;

/** VS Code gives one or more source expressions, e.g. `'self' https://*.vscode-cdn.net` in a remote window. */
function isCspSource(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return text.trim() !== '' && !/[;,]/.test(text) && tokens.every((t) => CSP_SOURCE_TOKEN.test(t));
}

/**
 * The policy, byte for byte: nothing by default; images and styles only from the webview's own
 * resource origin; inline styles and scripts only under this document's nonce; no `<base>` and no
 * form submission (neither falls back to `default-src`). No `unsafe-inline`, no `unsafe-eval`, no
 * remote origin.
 */
export function reportsContentSecurityPolicy(nonce: string, cspSource: string): string {
  if (!NONCE.test(nonce)) throw new Error('reports page: the nonce must be at least 128 bits of base64 or hex');
  if (!isCspSource(cspSource)) throw new Error(`reports page: "${cspSource}" is not a content security policy source`);
  return (
    `default-src 'none'; img-src ${cspSource}; style-src ${cspSource} 'nonce-${nonce}'; ` +
    `script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none';`
  );
}

/** A nonce from random bytes (give it `crypto.randomBytes(16)` or more). */
export function nonceFrom(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error('reports page: a nonce needs at least 16 random bytes');
  return Buffer.from(bytes).toString('base64');
}

export function renderReportsPage(state: ReportsPageState, assets: ReportsPageAssets): string {
  const csp = reportsContentSecurityPolicy(assets.nonce, assets.cspSource);
  const problem = stateProblem(state);
  if (problem) throw new Error(`reports page: ${problem}`);
  const nonce = escapeHtml(assets.nonce);
  const styles = assets.styleUri
    ? `<link rel="stylesheet" href="${escapeHtml(assets.styleUri)}">`
    : `<style nonce="${nonce}">${REPORTS_CSS}</style>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Alloy Reports</title>',
    styles,
    '</head>',
    '<body>',
    '<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>',
    `<div id="app">${renderReportsBody(state, { expanded: [] })}</div>`,
    `<script type="application/json" id="${STATE_ELEMENT_ID}">${jsonForScriptElement(state)}</script>`,
    `<script nonce="${nonce}" src="${escapeHtml(assets.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
