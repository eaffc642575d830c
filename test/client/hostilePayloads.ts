// Hostile strings for the reports page: markup and script injection, URL schemes, CSS, template
// syntax, encodings, invisible and direction-changing characters, prototype names and a 1 MB
// string. Each one that could run tries to set `__pwned` (or to fetch from evil.test), so that a
// single check catches any of them.

import type { ReportsPageState } from '../../client/src/reports/reportsPageState';
import { sampleState } from './reportsFixtures';

const EVIL = 'https://evil.test';

export const HOSTILE_PAYLOADS: readonly string[] = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<img src="${EVIL}/pixel.png">`,
  `</script><script>window.__pwned='script-break'</script>`,
  `<script>window.__pwned='script'</script>`,
  `</SCRIPT ><script>window.__pwned='script-upper'</script>`,
  `<!--<script>window.__pwned='comment-script'</script>-->`,
  `javascript:window.__pwned='js-url'`,
  `JaVaScRiPt:window.__pwned='js-url-case'`,
  ` \tjavascript:window.__pwned='js-url-space'`,
  `<svg onload="window.__pwned='svg'">`,
  `<svg><script>window.__pwned='svg-script'</script></svg>`,
  `<svg><animate onbegin="window.__pwned='animate'" attributeName=x dur=1s>`,
  `"><iframe srcdoc="<script>parent.__pwned='srcdoc'</script>">`,
  `'><iframe src="javascript:parent.__pwned='iframe-js'">`,
  `<iframe src="${EVIL}/frame"></iframe>`,
  `<a href="javascript:window.__pwned='a'">click</a>`,
  `<body onload="window.__pwned='body'">`,
  `<details open ontoggle="window.__pwned='details'">`,
  `<input autofocus onfocus="window.__pwned='focus'">`,
  `<video><source onerror="window.__pwned='video'"></video>`,
  `<audio src=x onerror="window.__pwned='audio'">`,
  `<object data="javascript:window.__pwned='object'"></object>`,
  `<embed src="javascript:window.__pwned='embed'">`,
  `<link rel=stylesheet href="${EVIL}/x.css">`,
  `<style>@import '${EVIL}/i.css'; body { background: url(${EVIL}/bg.png) }</style>`,
  `<div style="background:url(${EVIL}/style.png)">styled</div>`,
  `<div style="width: expression(window.__pwned='expression')">`,
  `x:expression(alert(1)); background-image: url("${EVIL}/css.png")`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh">`,
  `<base href="${EVIL}/">`,
  `<form action="${EVIL}/form"><button>go</button></form>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">`,
  `<noscript><p title="</noscript><img src=x onerror=window.__pwned='noscript'>">`,
  `<template><img src=x onerror="window.__pwned='template'"></template>`,
  `<marquee onstart="window.__pwned='marquee'">`,
  `<xss id=x tabindex=1 onfocusin="window.__pwned='focusin'"></xss>`,
  `{{constructor.constructor('window.__pwned="angular"')()}}`,
  '${window.__pwned="template-literal"}',
  '`-alert(1)-`',
  `<%= window.__pwned %>`,
  `'; window.__pwned='single-quote'; '`,
  `"; window.__pwned='double-quote'; "`,
  `\\"><script>window.__pwned='escaped-quote'</script>`,
  `&lt;script&gt;window.__pwned='entity'&lt;/script&gt;`,
  `&#60;img src=x onerror=window.__pwned='numeric-entity'&#62;`,
  `<![CDATA[<img src=x onerror=window.__pwned='cdata'>]]>`,
  `data:text/html,<script>window.__pwned='data-url'</script>`,
  `vbscript:msgbox(1)`,
  `<img src=x:alert(1) onerror=eval(src)>`,
  'file\u202Egnp.exe',
  'line\u2028separator\u2029paragraph',
  'nul\u0000byte',
  'lone \ud800 high and \udc00 low surrogates',
  '\ufeffbyte order mark and zero\u200bwidth',
  '\u0007bell \u001b[31mansi\u001b[0m',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '<img src=x onerror="window.__pwned=\'long\'">'.repeat(26_000),
];

/** The 1 MB one (about 1,040,000 characters of `<img onerror>`s). */
export const LONG_PAYLOAD_INDEX = HOSTILE_PAYLOADS.length - 1;

/** A copy of `value` with every string replaced by `payload` (the request states, which must be enum values, are kept). */
export function withEveryString<T>(value: T, payload: string, keep: (key: string) => boolean = () => false): T {
  const visit = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return keep(key) ? v : payload;
    if (Array.isArray(v)) return v.map((item) => visit(item, key));
    if (typeof v === 'object' && v !== null) {
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) copy[k] = visit(item, k);
      return copy;
    }
    return v;
  };
  return visit(value, '') as T;
}

/**
 * The sample state with `payload` in every string (the request states, which must be enum values,
 * excepted), as keys and values of extra members, and with `__proto__` / `constructor` members in
 * the run result.
 */
export function hostileState(payload: string, seq: number): ReportsPageState {
  const base = sampleState(seq);
  base.notices = ['notice'];
  base.selected!.notes = ['note'];
  base.selected!.report!.problems = [{ message: 'problem', severity: 'error', code: 'schema', line: 3 }];
  const state = withEveryString(base, payload, (key) => key === 'state');
  const run = state.selected!.report!.runResult as Record<string, unknown>;
  const summary = run.summary as Record<string, unknown[]>;
  summary.capabilities_at_risk.push({ [payload]: payload });
  (run.errors as unknown[]).push({ message: payload, category: { [payload]: [payload] } });
  state.selected!.report!.runResult = JSON.parse(
    JSON.stringify(run).replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},'),
  );
  return state;
}

/** Payloads aimed at the document parser itself (breaking out of the JSON block, comments, foreign content). */
export const DOCUMENT_BREAKERS: readonly number[] = HOSTILE_PAYLOADS.flatMap((p, i) =>
  /<\/script|<!--|<!\[CDATA|<\/noscript|<math|<template|<svg/i.test(p) && i !== HOSTILE_PAYLOADS.length - 1 ? [i] : [],
);
