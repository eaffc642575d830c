// The detail of the selected request: its state, the latest run result (status, brief and digest,
// revisions, evidence set against the brief, gates, summary, trace, errors) and the raw-JSON
// button. The run result may be schema-invalid or not a run result at all: every member is read
// defensively and shown as text, and the problems are listed first.

import { evidenceAgainstBrief, type EvidenceAgainstBrief, type ObservationFacts } from './evidenceAgainstBrief';
import {
  codeHtml,
  factsHtml,
  listHtml,
  moreHtml,
  statusHtml,
  tableHtml,
  timeHtml,
  valueHtml,
  visibleRows,
  type ListView,
} from './htmlParts';
import { arrayMember, isRecord, member } from './jsonMembers';
import type { ReportView, RequestRow, SelectedRequestView } from './reportsPageState';
import { shownText, textOf } from './shownText';
import {
  capabilityLabel,
  evidenceLabel,
  gateStatusLabel,
  requestStateLabel,
  runStatusLabel,
  toneOfAttention,
  type StatusLabel,
} from './statusLabels';

function section(id: string, title: string, body: string, note = ''): string {
  const extra = note ? ` <span class="heading-note">${shownText(note)}</span>` : '';
  return `<section aria-labelledby="${id}"><h3 id="${id}">${shownText(title)}${extra}</h3>${body}</section>`;
}

function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : textOf(value);
}

function flag(label: StatusLabel): string {
  return `<span class="flag">${statusHtml(label)}</span>`;
}

const GOOD = (words: string): StatusLabel => ({ symbol: '✓', words, tone: 'good' });
const BAD = (words: string): StatusLabel => ({ symbol: '⚠', words, tone: 'bad' });

function problemsHtml(report: ReportView): string {
  if (report.problems.length === 0) return '';
  const errors = report.problems.some((p) => p.severity !== 'warning');
  const title = errors ? 'This report is not valid against the run-result schema' : 'This report has warnings';
  const items = report.problems
    .map((p) => {
      const where = p.line !== undefined ? `line ${p.line}: ` : '';
      const code = p.code ? ` <span class="code-note">(${shownText(p.code)})</span>` : '';
      const severity = p.severity === 'warning' ? 'warning' : 'error';
      return `<li><span class="words">${severity}</span> — ${shownText(where + p.message)}${code}</li>`;
    })
    .join('');
  const tail = errors ? '<p>What it does say is shown below as received; check it against the raw JSON.</p>' : '';
  return (
    `<section class="banner tone-${errors ? 'bad' : 'warn'}" aria-labelledby="sec-problems">` +
    `<h3 id="sec-problems"><span class="symbol" aria-hidden="true">⚠</span> ${shownText(title)}</h3><ul>${items}</ul>${tail}</section>`
  );
}

function revisionsHtml(run: unknown): string {
  const before = optionalText(member(run, 'repo_revision_before'));
  const after = optionalText(member(run, 'repo_revision_after'));
  if (before === undefined && after === undefined) return valueHtml(undefined);
  const same = before !== undefined && before === after ? ' <span class="heading-note">(unchanged: nothing was committed)</span>' : '';
  return `${codeHtml(before)} → ${codeHtml(after)}${same}`;
}

function statusSection(row: RequestRow | undefined, detail: SelectedRequestView | undefined, run: unknown): string {
  const facts: [string, string][] = [];
  facts.push(['Request state', row ? statusHtml(requestStateLabel(row.state)) : valueHtml(undefined, 'not in the list')]);
  if (run !== undefined) facts.push(['Run status', statusHtml(runStatusLabel(optionalText(member(run, 'status'))))]);
  facts.push(['Project', valueHtml(row?.projectId ?? optionalText(member(run, 'project_id')))]);
  facts.push(['Request file', codeHtml(row?.file)]);
  facts.push(['Submitted', timeHtml(row?.submittedAt, 'not recorded')]);
  facts.push(['Idempotency key', codeHtml(row?.keyPrefix && `${row.keyPrefix}…`, 'not recorded')]);
  facts.push(['Answer', valueHtml(row?.answer, 'none yet')]);
  const report = detail?.report;
  if (run !== undefined) {
    facts.push(['Foundry run', codeHtml(optionalText(member(run, 'foundry_run_id')))]);
    const reportedId = optionalText(member(run, 'run_request_id'));
    if (reportedId !== undefined && detail && reportedId !== detail.requestId) {
      facts.push(['Run request named', `${codeHtml(reportedId)} ${flag(BAD('differs from the selected request'))}`]);
    }
    facts.push(['Throttle', valueHtml(optionalText(member(run, 'throttle')))]);
    facts.push(['Entry event', valueHtml(optionalText(member(run, 'entry_event')))]);
    facts.push(['Foundry retries', valueHtml(optionalText(member(run, 'retry_count')))]);
    facts.push(['Revisions (before → after)', revisionsHtml(run)]);
  }
  if (report) {
    const phase = report.phase ? ` (sent as ${report.phase})` : '';
    facts.push(['Report received', `${timeHtml(report.receivedAt, 'unknown time')}${shownText(phase)}`]);
    facts.push(['Report file', codeHtml(report.file, 'not stored')]);
  }
  return section('sec-status', 'Status', factsHtml(facts));
}

function digestSection(detail: SelectedRequestView, run: unknown): string {
  const brief = detail.brief;
  const facts: [string, string][] = [];
  const runBriefId = optionalText(member(run, 'brief_id'));
  const briefId = runBriefId ?? brief?.id;
  let idHtml = codeHtml(briefId);
  if (runBriefId !== undefined && brief?.id !== undefined && runBriefId !== brief.id) {
    idHtml += ` ${flag(BAD(`differs from the request's brief ${brief.id}`))}`;
  }
  facts.push(['Brief', idHtml]);
  if (brief?.path) facts.push(['Brief file', codeHtml(brief.path)]);
  const runDigest = optionalText(member(run, 'brief_digest'));
  const submitted = detail.submittedDigest;
  const current = brief?.currentDigest;
  if (run !== undefined) {
    let html = codeHtml(runDigest, 'not reported');
    if (runDigest !== undefined && submitted !== undefined) {
      html += ` ${flag(runDigest === submitted ? GOOD('matches what was submitted') : BAD('differs from what was submitted'))}`;
    }
    if (runDigest !== undefined && current !== undefined) {
      html += ` ${flag(runDigest === current ? GOOD("matches the brief's current digest") : BAD("differs from the brief's current digest"))}`;
    }
    facts.push(['Digest the run used', html]);
  }
  let submittedHtml = codeHtml(submitted, 'not recorded');
  if (run === undefined && submitted !== undefined && current !== undefined && submitted !== current) {
    submittedHtml += ` ${flag(BAD('the brief changed since it was submitted'))}`;
  }
  facts.push(['Digest submitted', submittedHtml]);
  facts.push(['Digest of the brief now', codeHtml(current, brief?.problem ? `unknown: ${brief.problem}` : 'unknown')]);
  return section('sec-brief', 'Brief and digest', factsHtml(facts));
}

function observationCells(o: ObservationFacts | undefined): string[] {
  if (!o) return [valueHtml(undefined, '—'), valueHtml(undefined, '—'), valueHtml(undefined, '—')];
  const artifacts = o.artifacts.length
    ? `<ul>${o.artifacts.map((a) => `<li><code>${shownText(a)}</code></li>`).join('')}</ul>`
    : valueHtml('', 'none');
  return [valueHtml(o.observedBy), valueHtml(o.notes, 'none'), artifacts];
}

function evidenceStatusHtml(status: Parameters<typeof evidenceLabel>[0], o?: ObservationFacts): string {
  const label = evidenceLabel(status);
  const raw = status === 'unrecognised' && o?.rawStatus !== undefined ? ` <code>${shownText(o.rawStatus)}</code>` : '';
  return statusHtml(label) + raw;
}

function evidenceSection(against: EvidenceAgainstBrief, detail: SelectedRequestView, view: ListView): string {
  const parts: string[] = [];
  const c = against.counts;
  const brief = detail.brief;
  if (!brief) {
    parts.push('<p class="absent">The brief could not be read, so the observations are shown without what it asked for.</p>');
  } else if (brief.problem) {
    parts.push(`<p>${statusHtml(BAD('The brief could not be read'))}: ${shownText(brief.problem)}</p>`);
  }
  const total = against.required.length;
  parts.push(
    `<p class="summary-line">${total} required: ${c.missing} missing, ${c.failing} failing, ${c.notReported} not reported; ` +
      `${c.atRisk} ${c.atRisk === 1 ? 'capability' : 'capabilities'} at risk.</p>`,
  );

  const required = visibleRows(against.required, 'required', view).map((row) => {
    const last = row.observations[row.observations.length - 1];
    const extra = row.conflicting
      ? ` <span class="heading-note">(${row.observations.length} observations disagree; the worst is shown)</span>`
      : '';
    return {
      tone: toneOfAttention(row.attention),
      cells: [codeHtml(row.id), evidenceStatusHtml(row.status, last) + extra, ...observationCells(last)],
    };
  });
  parts.push(
    against.required.length === 0
      ? '<p class="absent">The brief requires no evidence (evidence_plan.required is empty).</p>'
      : tableHtml(
          'Required evidence (evidence_plan.required)',
          [
            { header: 'Evidence', rowHeader: true },
            { header: 'Status' },
            { header: 'Observed by' },
            { header: 'Notes' },
            { header: 'Artifacts' },
          ],
          required,
        ) + moreHtml(against.required.length, 'required', 'required items', view),
  );

  const capabilities = visibleRows(against.capabilities, 'capabilities', view).map((row) => ({
    tone: toneOfAttention(row.attention),
    cells: [
      codeHtml(row.id),
      valueHtml(row.severity),
      shownText(row.statement),
      statusHtml(capabilityLabel(row.status)) + (row.conflicting ? ' <span class="heading-note">(also listed as preserved)</span>' : ''),
    ],
  }));
  parts.push(
    against.capabilities.length === 0
      ? '<p class="absent">The brief protects no capability (protected_capabilities is empty).</p>'
      : tableHtml(
          'Protected capabilities',
          [{ header: 'Capability', rowHeader: true }, { header: 'Severity' }, { header: 'Statement' }, { header: 'Status' }],
          capabilities,
        ) + moreHtml(against.capabilities.length, 'capabilities', 'capabilities', view),
  );

  if (against.unlistedCapabilities.length > 0) {
    const rows = visibleRows(against.unlistedCapabilities, 'unlisted', view).map((row) => ({
      tone: toneOfAttention(row.attention),
      cells: [shownText(row.text), statusHtml(capabilityLabel(row.status))],
    }));
    parts.push(
      tableHtml(
        'Capabilities the run named that the brief does not protect',
        [{ header: 'Capability', rowHeader: true }, { header: 'Status' }],
        rows,
      ) + moreHtml(against.unlistedCapabilities.length, 'unlisted', 'capabilities', view),
    );
  }

  if (against.unasked.length > 0) {
    const rows = visibleRows(against.unasked, 'unasked', view).map((row) => ({
      tone: toneOfAttention(row.attention),
      cells: [
        codeHtml(row.id, 'no evidence_definition_id'),
        evidenceStatusHtml(row.observation.status, row.observation),
        ...observationCells(row.observation),
      ],
    }));
    parts.push(
      tableHtml(
        'Observations the brief did not ask for',
        [
          { header: 'Evidence', rowHeader: true },
          { header: 'Status' },
          { header: 'Observed by' },
          { header: 'Notes' },
          { header: 'Artifacts' },
        ],
        rows,
      ) + moreHtml(against.unasked.length, 'unasked', 'observations', view),
    );
  }
  return section('sec-evidence', 'Evidence against the brief', parts.join(''));
}

function gatesSection(run: unknown, view: ListView): string {
  const gates = arrayMember(run, 'gates');
  const counts = new Map<string, number>();
  for (const gate of gates) {
    const status = optionalText(member(gate, 'status')) ?? 'no status';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const note = gates.length === 0 ? '' : `(${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')})`;
  if (gates.length === 0) return section('sec-gates', 'Gates', '<p class="absent">No gates were reported.</p>');
  const rows = visibleRows(gates, 'gates', view).map((gate) => {
    const label = gateStatusLabel(optionalText(member(gate, 'status')));
    const name = isRecord(gate) ? optionalText(member(gate, 'name')) : textOf(gate);
    return {
      tone: label.tone === 'good' ? undefined : label.tone,
      cells: [
        valueHtml(name, 'unnamed'),
        valueHtml(optionalText(member(gate, 'phase'))),
        statusHtml(label),
        valueHtml(optionalText(member(gate, 'details')), ''),
      ],
    };
  });
  const table = tableHtml(
    'Gates checked during the run',
    [{ header: 'Gate', rowHeader: true }, { header: 'Phase' }, { header: 'Status' }, { header: 'Details' }],
    rows,
  );
  return section('sec-gates', 'Gates', table + moreHtml(gates.length, 'gates', 'gates', view), note);
}

function namedList(id: string, title: string, values: readonly string[], key: string, view: ListView): string {
  const shown = visibleRows(values, key, view);
  return `<h4 id="${id}">${shownText(title)} <span class="heading-note">(${values.length})</span></h4>${listHtml(shown)}${moreHtml(values.length, key, 'entries', view)}`;
}

function summarySection(run: unknown, view: ListView): string {
  const summary = member(run, 'summary');
  const lists: [string, string, string][] = [
    ['capabilities_preserved', 'Capabilities preserved', 'sum-preserved'],
    ['capabilities_at_risk', 'Capabilities at risk', 'sum-at-risk'],
    ['threats_observed', 'Threats observed', 'sum-threats'],
    ['follow_up_questions', 'Follow-up questions', 'sum-questions'],
  ];
  const body = lists.map(([key, title, id]) => namedList(id, title, arrayMember(summary, key).map(textOf), id, view)).join('');
  return section('sec-summary', 'Summary', summary === undefined ? '<p class="absent">The run reported no summary.</p>' : body);
}

function traceSection(run: unknown, view: ListView): string {
  const trace = member(run, 'trace');
  if (trace === undefined) return section('sec-trace', 'Trace', '<p class="absent">The run reported no trace.</p>');
  const summary = member(trace, 'summary');
  const facts = factsHtml([
    ['Trace id', codeHtml(optionalText(member(trace, 'trace_id')))],
    ['Trace URI', codeHtml(optionalText(member(trace, 'trace_uri')))],
    ['Root event', valueHtml(optionalText(member(summary, 'root_event')))],
    ['Terminal event', valueHtml(optionalText(member(summary, 'terminal_event')))],
    ['Retries', valueHtml(optionalText(member(summary, 'retries')))],
  ]);
  const lists: [string, string, string][] = [
    ['blocks_executed', 'Blocks executed', 'tr-executed'],
    ['blocks_skipped_by_throttle', 'Blocks skipped by throttle', 'tr-skipped'],
    ['mutators_simulated', 'Mutators simulated', 'tr-simulated'],
    ['mutators_executed', 'Mutators executed', 'tr-mutated'],
  ];
  const body = lists.map(([key, title, id]) => namedList(id, title, arrayMember(summary, key).map(textOf), id, view)).join('');
  return section('sec-trace', 'Trace', facts + body);
}

const CATEGORY_ORDER = ['validation', 'dispatch', 'execution', 'safety', 'semantic'];

function errorsSection(run: unknown, view: ListView): string {
  const errors = arrayMember(run, 'errors');
  if (errors.length === 0) return section('sec-errors', 'Errors', '<p class="absent">The run reported no errors.</p>', '(0)');
  const groups = new Map<string, string[]>(CATEGORY_ORDER.map((c) => [c, []]));
  for (const error of errors) {
    const category = member(error, 'category');
    const name = category === undefined ? 'no category' : textOf(category);
    const message = isRecord(error) ? (optionalText(member(error, 'message')) ?? '(no message)') : textOf(error);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = []));
    group.push(message);
  }
  let index = 0;
  const body = [...groups]
    .filter(([, messages]) => messages.length > 0)
    .map(([category, messages]) => {
      const id = index++;
      return namedList(`err-${id}`, category, messages, `errors-${id}`, view);
    })
    .join('');
  return section('sec-errors', 'Errors', body, `(${errors.length})`);
}

function rawSection(detail: SelectedRequestView): string {
  return section(
    'sec-raw',
    'Raw report',
    '<p><button type="button" data-action="raw">Show raw JSON</button> ' +
      '<span class="heading-note">Opens the report as received in a read-only editor.</span></p>' +
      (detail.report?.file ? `<p>Stored at ${codeHtml(detail.report.file)}.</p>` : ''),
  );
}

/** The detail of the selected request; `detail` is absent while the extension has not sent it yet. */
export function reportDetailHtml(
  row: RequestRow | undefined,
  requestId: string,
  detail: SelectedRequestView | undefined,
  view: ListView,
): string {
  const heading = `<h2 id="detail-heading">Request <code>${shownText(requestId)}</code></h2>`;
  if (!detail) {
    return heading + statusSection(row, undefined, undefined) + '<p class="loading">Loading the report of this request…</p>';
  }
  const parts = [heading];
  if (detail.notes?.length) parts.push(`<div class="notes">${listHtml(detail.notes)}</div>`);
  const report = detail.report;
  const run = report?.runResult;
  if (report) parts.push(problemsHtml(report));
  parts.push(statusSection(row, detail, run));
  parts.push(digestSection(detail, run));
  if (!report) {
    parts.push('<p class="absent">No report has arrived for this request yet.</p>');
    if (detail.brief) parts.push(evidenceSection(evidenceAgainstBrief(detail.brief, undefined), detail, view));
    return parts.join('');
  }
  if (run === undefined) {
    parts.push('<p class="absent">The report is not JSON, so nothing of it can be shown here; open the raw report.</p>');
  } else if (!isRecord(run)) {
    parts.push(`<p class="absent">The report is JSON but not an object: ${shownText(textOf(run))}</p>`);
  }
  const runResult = isRecord(run) ? run : undefined;
  parts.push(evidenceSection(evidenceAgainstBrief(detail.brief, runResult), detail, view));
  parts.push(gatesSection(runResult, view));
  parts.push(summarySection(runResult, view));
  parts.push(traceSection(runResult, view));
  parts.push(errorsSection(runResult, view));
  parts.push(rawSection(detail));
  return parts.join('');
}
