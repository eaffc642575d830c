// Every hostile payload in every string field, rendered by renderReportsPage (no browser): the head
// is the template's, every `<` of the body opens a template tag with template attributes only, the
// embedded state cannot end its element and parses back to the state, and the page script is the
// last thing in the document.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReportsPage } from '../../client/src/reports/reportsHtml';
import { STATE_ELEMENT_ID } from '../../client/src/reports/reportsPageProtocol';
import { HOSTILE_PAYLOADS, hostileState, LONG_PAYLOAD_INDEX } from './hostilePayloads';
import { sampleState } from './reportsFixtures';

const ASSETS = { nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', cspSource: 'https://webview.test', scriptUri: 'https://webview.test/reportsView.js' };
const ATTRIBUTES = new Set([
  'id',
  'class',
  'type',
  'data-action',
  'data-index',
  'data-section',
  'aria-current',
  'aria-hidden',
  'aria-labelledby',
  'scope',
]);
const SECTIONS = /^(requests|required|capabilities|unlisted|unasked|gates|sum-[a-z-]+|tr-[a-z]+|errors-\d+)$/;
const OPEN_STATE = `<script type="application/json" id="${STATE_ELEMENT_ID}">`;

function parts(html: string) {
  const app = html.indexOf('<div id="app">');
  const open = html.indexOf(OPEN_STATE);
  const close = html.indexOf('</script>', open);
  return {
    head: html.slice(0, app),
    body: html.slice(app, open),
    json: html.slice(open + OPEN_STATE.length, close),
    tail: html.slice(close),
  };
}

const template = parts(renderReportsPage(sampleState(1), ASSETS));

test(`${HOSTILE_PAYLOADS.length} payloads, each in every string field: nothing but template markup in the served document`, () => {
  for (const [index, payload] of HOSTILE_PAYLOADS.entries()) {
    const label = `payload ${index}: ${JSON.stringify(payload.slice(0, 60))}`;
    const state = hostileState(payload, 1);
    const { head, body, json, tail } = parts(renderReportsPage(state, ASSETS));
    assert.equal(head, template.head, label);
    assert.equal(tail, template.tail, label);
    let tags = 0;
    for (const match of body.matchAll(/<\/?([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g)) {
      tags++;
      for (const [, name, value] of match[2].matchAll(/([a-z-]+)="([^"]*)"/g)) {
        assert.ok(ATTRIBUTES.has(name), `${label}: attribute ${name}`);
        if (name === 'data-index') assert.match(value, /^\d+$/, label);
        if (name === 'data-section') assert.match(value, SECTIONS, label);
      }
    }
    assert.equal(body.split('<').length - 1, tags, `${label}: every < in the body opens a template tag`);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/, label);
    if (index === LONG_PAYLOAD_INDEX) {
      assert.equal(JSON.parse(json).requests[0].requestId, payload, label);
    } else {
      assert.deepEqual(JSON.parse(json), state, label);
    }
  }
});
