// What the editor tells the user after a submit or resend: the engine's own words (the same the CLI
// prints), how loud (information, warning, error), and the actions that help next: "Show Problems"
// for errors, "Save and Submit" for unsaved files, "Compare with Submitted" for a key reused with
// other bytes, "Set API Token" after 401/403 (then the same bytes and key are sent again), and so on.

import {
  alreadySubmittedText,
  problemLine,
  refusalText,
  sentText,
  type Refusal,
  type SubmitResult,
  type WordingOptions,
} from '../../../server/src/submission';

export type NoticeActionId =
  | 'show-problems'
  | 'save-and-submit'
  | 'compare'
  | 'set-token-and-resend'
  | 'set-token'
  | 'show-reports'
  | 'show-output'
  | 'open-settings'
  | 'manage-trust'
  | 'resend'
  | 'show-submissions';

export const ACTION_TITLES: Record<NoticeActionId, string> = {
  'show-problems': 'Show Problems',
  'save-and-submit': 'Save and Submit',
  compare: 'Compare with Submitted',
  'set-token-and-resend': 'Set API Token',
  'set-token': 'Set API Token',
  'show-reports': 'Show Reports',
  'show-output': 'Show Output',
  'open-settings': 'Open Settings',
  'manage-trust': 'Manage Workspace Trust',
  resend: 'Resend (Same Key)',
  'show-submissions': 'Show Submissions',
};

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
  actions: NoticeActionId[];
  /** What the actions work on. */
  requestId?: string;
  key?: string;
  submission?: string;
  files?: string[];
  setting?: string;
}

const MAX_PROBLEMS_SHOWN = 3;

function refusalNotice(refusal: Refusal, options: WordingOptions): Notice {
  const text = refusalText(refusal, options);
  switch (refusal.kind) {
    case 'has-errors': {
      const errors = refusal.diagnostics.filter((d) => d.severity === 'error');
      const shown = errors.slice(0, MAX_PROBLEMS_SHOWN).map((d) => problemLine(d, options).replace(/\.$/, ''));
      const more = errors.length > MAX_PROBLEMS_SHOWN ? `; and ${errors.length - MAX_PROBLEMS_SHOWN} more` : '';
      const head = text.split('\n')[0];
      return { severity: 'error', text: `${head} ${shown.join('; ')}${more}`, actions: ['show-problems'] };
    }
    case 'unsaved':
      return { severity: 'warning', text, actions: ['save-and-submit'], files: refusal.files };
    case 'untrusted':
      return { severity: 'warning', text, actions: ['manage-trust'] };
    case 'key-reused':
      return { severity: 'error', text, actions: ['compare'], key: refusal.key, submission: refusal.submission };
    case 'in-flight':
      return { severity: 'info', text, actions: ['show-output'], key: refusal.key, submission: refusal.submission };
    case 'outcome-unknown':
      return { severity: 'warning', text, actions: ['resend', 'show-submissions'], key: refusal.key, requestId: refusal.requestId };
    case 'bad-endpoint':
      return { severity: 'error', text, actions: ['open-settings'], setting: 'alloy.submit.endpoint' };
    case 'bad-setting': {
      if (refusal.setting === 'the API token') return { severity: 'error', text, actions: ['set-token'] };
      const setting = /^alloy\.[\w.]+$/.test(refusal.setting) ? refusal.setting : 'alloy.submit';
      return { severity: 'error', text, actions: ['open-settings'], setting };
    }
    case 'ledger-unreadable':
    case 'ledger-unwritable':
    case 'ledger-busy':
      return { severity: 'error', text, actions: ['show-output'] };
    case 'confirm-full':
      return { severity: 'info', text: `Not sent: ${refusal.requestId} runs with throttle "full" and was not confirmed.`, actions: [] };
    case 'nothing-to-resend':
    case 'cancelled':
      return { severity: 'info', text, actions: [] };
    default:
      return { severity: 'error', text, actions: ['show-output'] };
  }
}

function notes(result: SubmitResult): string {
  const parts: string[] = [];
  if (result.recovered.length > 0) {
    const n = result.recovered.length;
    parts.push(`first re-sent ${n} interrupted submission${n === 1 ? '' : 's'} of this key`);
  }
  if (result.warnings.length > 0) {
    const n = result.warnings.length;
    parts.push(`${n} ledger line${n === 1 ? '' : 's'} skipped; see the Alloy output`);
  }
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

/** The notice for an engine result. */
export function noticeOf(result: SubmitResult, options: WordingOptions = {}): Notice {
  const tail = notes(result);
  if (result.kind === 'refused') {
    const notice = refusalNotice(result.refusal, options);
    return {
      ...notice,
      text: notice.text + tail,
      ...(tail && !notice.actions.includes('show-output') ? { actions: [...notice.actions, 'show-output'] } : {}),
    };
  }
  if (result.kind === 'already-submitted') {
    const record = result.record;
    return {
      severity: 'info',
      text: `${record.requestId}: ${alreadySubmittedText(record)}; nothing was sent${tail}`,
      actions: ['show-reports'],
      requestId: record.requestId,
      key: record.key,
      submission: record.submission,
    };
  }
  const base = { requestId: result.requestId, key: result.key, submission: result.submission };
  const text = `${result.requestId}: ${sentText(result)}${tail}`;
  switch (result.outcome) {
    case 'accepted':
    case 'already-submitted':
      return { ...base, severity: 'info', text, actions: ['show-reports'] };
    case 'rejected':
      if (result.authNeeded) return { ...base, severity: 'warning', text, actions: ['set-token-and-resend'] };
      if (result.status !== undefined && result.status >= 300 && result.status < 400) {
        return { ...base, severity: 'error', text, actions: ['open-settings'], setting: 'alloy.submit.endpoint' };
      }
      return { ...base, severity: 'error', text, actions: ['show-output'] };
    case 'given-up':
      return { ...base, severity: 'warning', text, actions: ['show-submissions', 'show-output'] };
    case 'cancelled':
      return {
        ...base,
        severity: result.attempts > 0 ? 'warning' : 'info',
        text,
        actions: result.attempts > 0 ? ['show-submissions'] : [],
      };
  }
}
