// The small pieces of markup the reports page is built from: a status in words, a list of facts,
// a table with a caption and header cells, and a "show all" button for long lists. Every value
// goes in through `shownText` (escaped); the markup around values is fixed.

import type { StatusLabel, Tone } from './statusLabels';
import { shownText } from './shownText';

/** Lists longer than this show their first rows and a "Show all" button. */
export const MAX_ROWS = 200;

/** How the page is being looked at, beyond the state: which rows are expanded. */
export interface ListView {
  expanded: readonly string[];
}

/** A status: its symbol (decorative, coloured) and its words (always present). */
export function statusHtml(label: StatusLabel): string {
  return (
    `<span class="status tone-${label.tone}"><span class="symbol" aria-hidden="true">${shownText(label.symbol)}</span> ` +
    `<span class="words">${shownText(label.words)}</span></span>`
  );
}

/** Escaped text, or a dash-like "not given" note when the value is absent. */
export function valueHtml(value: string | undefined, absent = 'not given'): string {
  return value === undefined || value === '' ? `<span class="absent">${shownText(absent)}</span>` : shownText(value);
}

/** Code-like text (ids, digests, revisions, URIs): escaped, in a `<code>`. */
export function codeHtml(value: string | undefined, absent = 'not given'): string {
  return value === undefined || value === '' ? valueHtml(value, absent) : `<code>${shownText(value)}</code>`;
}

/** A description list of label → already-built HTML. Labels are fixed text of the page. */
export function factsHtml(facts: readonly (readonly [string, string])[]): string {
  const items = facts.map(([label, html]) => `<dt>${shownText(label)}</dt><dd>${html}</dd>`).join('');
  return `<dl class="facts">${items}</dl>`;
}

/** The rows to show of a list: all when expanded or short, else the first MAX_ROWS. */
export function visibleRows<T>(rows: readonly T[], key: string, view: ListView): readonly T[] {
  return rows.length > MAX_ROWS && !view.expanded.includes(key) ? rows.slice(0, MAX_ROWS) : rows;
}

/** "Showing the first 200 of 20,000 gates" and a button to show them all (or to cut them again). */
export function moreHtml(total: number, key: string, noun: string, view: ListView): string {
  if (total <= MAX_ROWS) return '';
  const all = total.toLocaleString('en-US');
  const section = `data-section="${shownText(key)}"`;
  if (view.expanded.includes(key)) {
    return (
      `<p class="more">Showing all ${all} ${shownText(noun)}. ` +
      `<button type="button" class="secondary" data-action="collapse" ${section}>Show the first ${MAX_ROWS} only</button></p>`
    );
  }
  return (
    `<p class="more">Showing the first ${MAX_ROWS} of ${all} ${shownText(noun)}. ` +
    `<button type="button" class="secondary" data-action="expand" ${section}>Show all ${all} ${shownText(noun)}</button></p>`
  );
}

export interface TableColumn {
  header: string;
  /** The first column heads its row (`<th scope="row">`). */
  rowHeader?: boolean;
}

/** A table with a caption and header cells; each row is already-built cell HTML and a row class. */
export function tableHtml(caption: string, columns: readonly TableColumn[], rows: readonly { cells: string[]; tone?: Tone }[]): string {
  const head = columns.map((c) => `<th scope="col">${shownText(c.header)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.cells.map((cell, i) => (columns[i]?.rowHeader ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('');
      return row.tone ? `<tr class="row-${row.tone}">${cells}</tr>` : `<tr>${cells}</tr>`;
    })
    .join('');
  return `<table><caption>${shownText(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A bulleted list of values, or a "none" note. */
export function listHtml(values: readonly string[], none = 'none'): string {
  if (values.length === 0) return `<p class="absent">${shownText(none)}</p>`;
  return `<ul>${values.map((v) => `<li>${shownText(v)}</li>`).join('')}</ul>`;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 time as `2026-06-06 14:05:00 UTC` (no locale, no time zone guess), else as given. */
export function timeHtml(value: string | undefined, absent = 'not given'): string {
  if (value === undefined || value === '') return valueHtml(value, absent);
  const match = ISO_TIME.exec(value);
  if (!match) return shownText(value);
  return `<time>${shownText(`${match[1]} ${match[2]} ${match[3] === 'Z' ? 'UTC' : match[3]}`)}</time>`;
}
