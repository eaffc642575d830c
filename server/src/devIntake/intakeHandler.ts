// The intake's HTTP behaviour as data in, data out: a request's method, target and headers (and
// later its body) become an answer or "destroy the socket". The node:http adapter only moves
// bytes; logging and counting happen here, one log line per answered request.

import { checkBearerToken } from './bearerToken';
import { ExecutionRequestIntake, type ExecutionIntakeDeps, type Outcome } from './executionRequestIntake';
import { checkFaults, faultFlags, FaultSchedule, parseFaults, type FaultSettings } from './faults';
import type { Parsed } from './parsed';
import { jsonAnswer, problemAnswer, type HttpAnswer } from './httpAnswer';
import type { AttemptEntry, IntakeStats } from './intakeStats';
import { ALLOWED_METHODS, parseRoute, pathOf, type Route } from './intakeRoutes';
import { isAllowedHostHeader } from './loopbackHost';
import type { Log } from './ports';
import { headerOf, isJsonMediaType, type Headers } from './requestHeaders';

export type { Outcome } from './executionRequestIntake';

export interface IncomingCall {
  method: string;
  /** The request target, as in the request line. */
  target: string;
  headers: Headers;
}

export interface IntakeHandlerDeps extends ExecutionIntakeDeps {
  stats: IntakeStats;
  log: Log;
  /** The port the intake listens on, for the Host check. */
  port(): number;
}

export class IntakeHandler {
  private schedule: FaultSchedule;
  private readonly intake: ExecutionRequestIntake;

  constructor(
    private readonly deps: IntakeHandlerDeps,
    faults: FaultSettings,
  ) {
    this.schedule = new FaultSchedule(faults);
    this.intake = new ExecutionRequestIntake(deps);
  }

  /** Replaces the fault flags and restarts their counts; refuses invalid settings. */
  setFaults(faults: FaultSettings | readonly string[]): Parsed<FaultSettings> {
    const parsed = Array.isArray(faults) ? parseFaults(faults as readonly string[]) : checkFaults(faults as FaultSettings);
    if (parsed.ok) {
      this.schedule = new FaultSchedule(parsed.value);
      this.deps.log(`faults: ${faultFlags(parsed.value).join(' ') || 'none'}`);
    }
    return parsed;
  }

  faults(): { faults: string[]; remaining: ReturnType<FaultSchedule['remaining']> } {
    return { faults: faultFlags(this.schedule.settings), remaining: this.schedule.remaining() };
  }

  /** Before the body is read: the reset-before-read fault destroys the socket of an intake POST. */
  beforeBody(call: IncomingCall): Outcome | undefined {
    const route = parseRoute(call.target);
    if (route.name !== 'intake' || call.method !== 'POST' || this.forbidden(call.headers) || !this.schedule.resetBeforeRead())
      return undefined;
    const attempt = this.attemptOf(call.headers);
    this.finish(call, attempt, { destroy: 'reset-before-read' }, this.deps.clock.now());
    return { destroy: 'reset-before-read' };
  }

  /** The answer when the body passed the size limit (the adapter stops reading it). */
  tooLarge(call: IncomingCall, limit: number): HttpAnswer {
    const answer = problemAnswer({
      status: 413,
      code: 'body-too-large',
      title: 'Body too large',
      detail: `The body is larger than ${limit} bytes.`,
    });
    const intakePost = parseRoute(call.target).name === 'intake' && call.method === 'POST';
    this.finish(call, intakePost ? this.attemptOf(call.headers) : undefined, { answer }, this.deps.clock.now());
    return answer;
  }

  async handle(call: IncomingCall, body: Buffer): Promise<Outcome> {
    const started = this.deps.clock.now();
    const route = parseRoute(call.target);
    const intakePost = route.name === 'intake' && call.method === 'POST';
    const attempt = intakePost ? this.attemptOf(call.headers) : undefined;
    let outcome: Outcome;
    try {
      outcome = await this.route(call, route, body, attempt);
    } catch (error) {
      const detail = `The dev intake failed on this request: ${error instanceof Error ? error.message : String(error)}`;
      outcome = { answer: problemAnswer({ status: 500, code: 'internal-error', title: 'Internal error', detail }) };
    }
    this.finish(call, attempt, outcome, started);
    return outcome;
  }

  private async route(call: IncomingCall, route: Route, body: Buffer, attempt: AttemptEntry | undefined): Promise<Outcome> {
    const forbidden = this.forbidden(call.headers);
    if (forbidden) return { answer: forbidden };
    if (route.name === 'bad-path')
      return { answer: problemAnswer({ status: 400, code: 'bad-path', title: 'Malformed path', detail: route.message }) };
    if (route.name === 'unknown') {
      const detail =
        'Nothing here. The intake takes POST /v1/projects/{project_id}/execution-requests; ' +
        'see also GET /v1/runs/{run_id} and /v1/_dev/stats.';
      return { answer: problemAnswer({ status: 404, code: 'not-found', title: 'Not found', detail }) };
    }
    const allowed = ALLOWED_METHODS[route.name];
    if (!allowed.includes(call.method)) {
      const detail = `${call.method} is not allowed here; use ${allowed.join(' or ')}.`;
      return {
        answer: problemAnswer(
          { status: 405, code: 'method-not-allowed', title: 'Method not allowed', detail },
          { Allow: allowed.join(', ') },
        ),
      };
    }
    if (route.name === 'intake') return this.intake.receive(call.headers, route.projectId, body, this.schedule, attempt!);

    const auth = checkBearerToken(this.deps.token, headerOf(call.headers, 'authorization'));
    if (!auth.ok) {
      const answer = problemAnswer(
        { status: 401, code: 'unauthorized', title: 'Missing or wrong token', detail: auth.message },
        { 'WWW-Authenticate': 'Bearer realm="foundry-dev-intake"' },
      );
      return { answer };
    }
    switch (route.name) {
      case 'run':
        return { answer: this.runAnswer(route.runId) };
      case 'stats':
        return { answer: jsonAnswer(200, this.stats()) };
      case 'attempts':
        return { answer: jsonAnswer(200, this.deps.stats.attempts()) };
      case 'faults':
        return { answer: call.method === 'POST' ? this.postFaults(call.headers, body) : jsonAnswer(200, this.faults()) };
    }
  }

  stats(): {
    runs: Record<string, number>;
    requests: number;
    byStatus: Record<string, number>;
    callbacks: { delivered: number; failed: number };
  } {
    const { stats, store } = this.deps;
    return { runs: store.runs(), requests: stats.requests, byStatus: { ...stats.byStatus }, callbacks: { ...stats.callbacks } };
  }

  private runAnswer(runId: string): HttpAnswer {
    const record = this.deps.store.byRunId(runId);
    if (!record)
      return problemAnswer({
        status: 404,
        code: 'run-not-found',
        title: 'No such run',
        detail: `No run ${JSON.stringify(runId)} is recorded here.`,
      });
    // accepted: recorded, not yet answered; interrupted: stopped before its callbacks were all sent.
    const status = this.deps.store.isInFlight(record.key)
      ? 'accepted'
      : this.deps.reporter.isRunning(runId)
        ? 'running'
        : record.finished_at === null
          ? 'interrupted'
          : record.result.status;
    return jsonAnswer(200, {
      run_id: record.run_id,
      request_id: record.request_id,
      idempotency_key: record.key,
      status,
      received_at: record.received_at,
      finished_at: record.finished_at,
      callbacks: record.callbacks,
      result: record.result,
    });
  }

  private postFaults(headers: Headers, body: Buffer): HttpAnswer {
    const bad = (detail: string): HttpAnswer => problemAnswer({ status: 400, code: 'faults-invalid', title: 'Invalid faults', detail });
    if (!isJsonMediaType(headerOf(headers, 'content-type'))) {
      return problemAnswer({
        status: 415,
        code: 'unsupported-media-type',
        title: 'Not a JSON body',
        detail: 'Send { "faults": ["name[=value]", …] } as application/json.',
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return bad(`The body is not JSON: ${(error as Error).message}`);
    }
    const flags = (value as { faults?: unknown } | null)?.faults;
    if (!Array.isArray(flags) || !flags.every((flag) => typeof flag === 'string'))
      return bad('Send { "faults": ["name[=value]", …] }: a list of strings.');
    const parsed = this.setFaults(flags as string[]);
    return parsed.ok ? jsonAnswer(200, this.faults()) : bad(parsed.message);
  }

  /** 403 for a Host that is not this loopback port, or any Origin (a browser page). */
  private forbidden(headers: Headers): HttpAnswer | undefined {
    const host = headerOf(headers, 'host');
    if (!isAllowedHostHeader(host, this.deps.port())) {
      const shown = host === undefined ? '(none)' : JSON.stringify(host.slice(0, 100));
      const detail = `The Host header ${shown} is not 127.0.0.1, localhost or [::1] with port ${this.deps.port()}.`;
      return problemAnswer({ status: 403, code: 'host-refused', title: 'Host refused', detail });
    }
    if (headerOf(headers, 'origin') !== undefined) {
      return problemAnswer({
        status: 403,
        code: 'origin-refused',
        title: 'Origin refused',
        detail: 'Requests from browser pages (with an Origin header) are refused.',
      });
    }
    return undefined;
  }

  private attemptOf(headers: Headers): AttemptEntry {
    return {
      at: new Date(this.deps.clock.now()).toISOString(),
      key: headerOf(headers, 'idempotency-key')?.trim() ?? null,
      request_id: headerOf(headers, 'x-alloy-request-id')?.trim() ?? null,
      body_sha256: null,
      answer: '',
    };
  }

  private finish(call: IncomingCall, attempt: AttemptEntry | undefined, outcome: Outcome, started: number): void {
    const label = 'destroy' in outcome ? (outcome.destroy === 'reset-before-read' ? 'reset' : 'dropped') : String(outcome.answer.status);
    if (attempt) {
      attempt.answer = label;
      this.deps.stats.countAttempt(attempt);
    }
    const key = attempt?.key ? ` key=${attempt.key.replace(/^"/, '').slice(0, 15)}…` : '';
    const result =
      'destroy' in outcome ? `socket destroyed (${outcome.destroy})` : [outcome.answer.status, describe(outcome.answer)].join(' ').trim();
    const elapsed = Math.max(0, this.deps.clock.now() - started);
    this.deps.log(`${call.method} ${pathOf(call.target).slice(0, 200)}${key} → ${result} (${elapsed} ms)`);
  }
}

/** A few words for the log: the problem code, the run id, or "replayed". */
function describe(answer: HttpAnswer): string {
  if (answer.headers['Idempotent-Replayed'] === 'true') return 'replayed';
  try {
    const body = JSON.parse(answer.body) as { code?: string; run_id?: string };
    return body.code ?? body.run_id ?? '';
  } catch {
    return '';
  }
}
