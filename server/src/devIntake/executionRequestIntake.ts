// POST /v1/projects/:project_id/execution-requests: faults, token, headers, dedupe by
// Idempotency-Key, the core's checks, and acceptance (record, simulated run, 202). Every answer
// that is not a 202 or a replay leaves nothing behind, so the same key can be sent again.

import { createHash } from 'node:crypto';
import type { FileSystemHost, JsonValue } from '../core';
import { checkBearerToken } from './bearerToken';
import { simulateRun, type RunOutcome } from './dryRunSimulation';
import type { FaultSchedule, FaultSettings, Refusal } from './faults';
import { problemAnswer, type HttpAnswer, type IntakeError } from './httpAnswer';
import { parseIdempotencyKeyHeader, quoted } from './idempotencyKeyHeader';
import type { IntakeRecord } from './intakeRecord';
import type { AttemptEntry } from './intakeStats';
import type { IntakeStore } from './intakeStore';
import { isObject, stringAt } from './jsonAccess';
import type { Clock, Sleep } from './ports';
import { checkRequest } from './requestCheck';
import { briefFacts, requestFacts } from './requestFacts';
import { headerOf, isJsonMediaType, type Headers } from './requestHeaders';
import type { RunReporter } from './runReporter';

export type Outcome = { answer: HttpAnswer } | { destroy: string };

export interface ExecutionIntakeDeps {
  root: string;
  host: FileSystemHost;
  store: IntakeStore;
  reporter: RunReporter;
  clock: Clock;
  sleep: Sleep;
  signal: AbortSignal;
  token: string | undefined;
  allowFull: boolean;
}

const REQUEST_ID = /^runreq_[0-9A-Za-z_]+$/;

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class ExecutionRequestIntake {
  constructor(private readonly deps: ExecutionIntakeDeps) {}

  /** Handles one attempt; `attempt` is filled in as far as the attempt got (key, request id, body hash). */
  async receive(headers: Headers, projectId: string, body: Buffer, schedule: FaultSchedule, attempt: AttemptEntry): Promise<Outcome> {
    const settings = schedule.settings;
    attempt.body_sha256 = sha256Hex(body);
    const refusal = schedule.refusal();
    if (refusal) return this.slowly(settings, this.refusalAnswer(refusal, settings));

    const envelope = this.envelopeOf(headers);
    if ('answer' in envelope) return this.slowly(settings, envelope.answer);
    const { key, requestIdHeader } = envelope;

    const lookup = this.deps.store.lookup(key, attempt.body_sha256);
    switch (lookup.kind) {
      case 'replay': {
        if (lookup.record.request_id !== requestIdHeader) {
          return this.slowly(settings, requestIdMismatch(requestIdHeader, lookup.record.request_id));
        }
        await this.deps.sleep(settings['slow-response'] ?? 0, this.deps.signal);
        if (schedule.dropAnswer()) return { destroy: 'drop-after-processing' };
        const { location, body: original } = lookup.record.response;
        return {
          answer: {
            status: 200,
            headers: { 'Content-Type': 'application/json', Location: location, 'Idempotent-Replayed': 'true' },
            body: original,
          },
        };
      }
      case 'reused':
        return this.slowly(
          settings,
          problemAnswer({
            status: 422,
            code: 'key-reused',
            title: 'Idempotency key reused with a different body',
            detail:
              `This key was first used at ${lookup.firstAt} by ${lookup.requestId} with a body of sha256 ${lookup.firstSha256}; ` +
              `this body's sha256 is ${attempt.body_sha256}. ` +
              'Nothing was run. Send the original bytes again, or change an input of the key to run again on purpose.',
            first_received_at: lookup.firstAt,
            first_body_sha256: lookup.firstSha256,
            body_sha256: attempt.body_sha256,
          }),
        );
      case 'in-flight':
        return this.slowly(
          settings,
          problemAnswer({
            status: 409,
            code: 'key-in-flight',
            title: 'A request with this key is still being processed',
            detail:
              `The first request with this key (received at ${lookup.since}) has not been answered yet; ` +
              'nothing was run for this attempt. Send it again later to get its answer.',
          }),
        );
      case 'new':
        break;
    }

    const receivedAt = new Date(this.deps.clock.now()).toISOString();
    this.deps.store.begin(key, attempt.body_sha256, receivedAt, requestIdHeader);
    let checked: ReturnType<ExecutionRequestIntake['accept']>;
    try {
      checked = this.accept(body, key, requestIdHeader, projectId, attempt.body_sha256, receivedAt, settings);
    } catch (error) {
      // The handler answers 500; the key must not stay in flight.
      this.deps.store.abandon(key);
      throw error;
    }
    if ('answer' in checked) {
      this.deps.store.abandon(key);
      return this.slowly(settings, checked.answer);
    }
    const record = checked.record;
    try {
      await this.deps.store.save(record);
    } catch (error) {
      this.deps.store.abandon(key);
      const reason = error instanceof Error ? error.message : String(error);
      const detail = `The dev intake could not record this request, so nothing ran: ${reason}`;
      return this.slowly(
        settings,
        problemAnswer({ status: 500, code: 'state-write-failed', title: 'Could not record the request', detail }),
      );
    }
    // While this waits, the key stays in flight: a concurrent attempt gets 409.
    await this.deps.sleep(settings['slow-response'] ?? 0, this.deps.signal);
    this.deps.store.publish(key);
    this.deps.reporter.start(record, settings);
    if (schedule.dropAnswer()) return { destroy: 'drop-after-processing' };
    // The stored bytes, so that every replay is byte for byte this answer.
    const { location, body: accepted } = record.response;
    return { answer: { status: 202, headers: { 'Content-Type': 'application/json', Location: location }, body: accepted } };
  }

  /** Token, media type, Idempotency-Key and X-Alloy-Request-Id: what is needed before the body is looked at. */
  private envelopeOf(headers: Headers): { key: string; requestIdHeader: string } | { answer: HttpAnswer } {
    const auth = checkBearerToken(this.deps.token, headerOf(headers, 'authorization'));
    if (!auth.ok) {
      return {
        answer: problemAnswer(
          { status: 401, code: 'unauthorized', title: 'Missing or wrong token', detail: auth.message },
          { 'WWW-Authenticate': 'Bearer realm="foundry-dev-intake"' },
        ),
      };
    }
    const contentType = headerOf(headers, 'content-type');
    if (!isJsonMediaType(contentType)) {
      const got = contentType === undefined ? 'no Content-Type' : quoted(contentType);
      const detail = `The body must be sent as Content-Type: application/json; got ${got}.`;
      return { answer: problemAnswer({ status: 415, code: 'unsupported-media-type', title: 'Not a JSON body', detail }) };
    }
    const keyHeader = parseIdempotencyKeyHeader(headerOf(headers, 'idempotency-key'));
    if (!keyHeader.ok) return { answer: badRequest('idempotency-key-invalid', 'Missing or malformed Idempotency-Key', keyHeader.message) };
    const requestIdHeader = headerOf(headers, 'x-alloy-request-id')?.trim();
    if (requestIdHeader === undefined || !REQUEST_ID.test(requestIdHeader)) {
      const detail =
        requestIdHeader === undefined
          ? "The X-Alloy-Request-Id header is missing: send the request's request_id."
          : `The X-Alloy-Request-Id header ${quoted(requestIdHeader)} is not runreq_ followed by letters, digits or _.`;
      return { answer: badRequest('request-id-header-invalid', 'Missing or malformed X-Alloy-Request-Id', detail) };
    }
    return { key: keyHeader.key, requestIdHeader };
  }

  /** Parses and checks the body; either the record of an accepted run or the answer that refuses it. */
  private accept(
    body: Buffer,
    key: string,
    requestIdHeader: string,
    projectId: string,
    bodySha256: string,
    receivedAt: string,
    settings: FaultSettings,
  ): { record: IntakeRecord } | { answer: HttpAnswer } {
    const parsed = parseBody(body);
    if ('answer' in parsed) return parsed;
    const { text, value } = parsed;
    const checked = checkRequest(this.deps.host, this.deps.root, text, value, requestIdHeader);
    const errors = [...checked.errors, ...this.transportErrors(value, key, requestIdHeader, projectId)];
    if (errors.length > 0) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      return {
        answer: problemAnswer({
          status: 422,
          code: 'request-invalid',
          title: 'The request is not valid',
          detail: `${errors.length} error${errors.length > 1 ? 's' : ''}, nothing was run: ${errors[0].code}: ${errors[0].message}${more}`,
          errors,
          warnings: checked.warnings,
        }),
      };
    }
    const facts = requestFacts(value);
    const outcome: RunOutcome = settings['fail-run'] ? 'failed' : settings.findings ? 'completed_with_findings' : 'completed';
    const result = simulateRun({ request: facts, brief: briefFacts(checked.brief), outcome });
    const location = `/v1/runs/${result.foundry_run_id}`;
    const responseBody = JSON.stringify({ run_id: result.foundry_run_id, request_id: facts.requestId, status: 'accepted' });
    const record: IntakeRecord = {
      v: 1,
      key,
      body_sha256: bodySha256,
      request_id: facts.requestId,
      project_id: facts.projectId,
      run_id: result.foundry_run_id,
      received_at: receivedAt,
      response: { status: 202, location, body: responseBody },
      runs: 1,
      result,
      callback_url: facts.callbackUrl ?? null,
      finished_at: facts.callbackUrl === undefined ? receivedAt : null,
      callbacks: [],
    };
    return { record };
  }

  /** What the core cannot know: the headers and the URL must agree with the body; `full` needs --allow-full. */
  private transportErrors(value: JsonValue, key: string, requestIdHeader: string, projectId: string): IntakeError[] {
    const errors: IntakeError[] = [];
    const bodyKey = stringAt(value, 'idempotency_key');
    if (bodyKey !== undefined && bodyKey !== key) {
      errors.push({
        code: 'idempotency-key-header-mismatch',
        message: `The Idempotency-Key header ${key} differs from the body's idempotency_key ${bodyKey}.`,
        pointer: '/idempotency_key',
      });
    }
    const bodyRequestId = stringAt(value, 'request_id');
    if (bodyRequestId !== undefined && bodyRequestId !== requestIdHeader) {
      errors.push({
        code: 'request-id-header-mismatch',
        message: `The X-Alloy-Request-Id header ${requestIdHeader} differs from the body's request_id ${bodyRequestId}.`,
        pointer: '/request_id',
      });
    }
    const bodyProject = stringAt(value, 'project_id');
    if (bodyProject !== undefined && bodyProject !== projectId) {
      errors.push({
        code: 'project-path-mismatch',
        message: `The URL names project ${JSON.stringify(projectId)} but the body's project_id is ${JSON.stringify(bodyProject)}.`,
        pointer: '/project_id',
      });
    }
    if (stringAt(value, 'foundry', 'throttle') === 'full' && !this.deps.allowFull) {
      errors.push({
        code: 'throttle-full-refused',
        message: 'This dev intake refuses throttle: full unless it was started with --allow-full (and even then it only simulates).',
        pointer: '/foundry/throttle',
      });
    }
    return errors;
  }

  private refusalAnswer(refusal: Refusal, settings: FaultSettings): HttpAnswer {
    const seconds = settings['retry-after'] ?? 1;
    if (refusal.status === 500) {
      return problemAnswer({
        status: 500,
        code: 'simulated-error',
        title: 'Simulated server error',
        detail: 'Fault "error": this attempt was not processed.',
      });
    }
    const retryAfter =
      refusal.retryAfter === 'http-date'
        ? new Date(Math.ceil((this.deps.clock.now() + seconds * 1000) / 1000) * 1000).toUTCString()
        : String(seconds);
    const fault = refusal.status === 429 ? 'throttled' : refusal.retryAfter === 'http-date' ? 'unavailable-http-date' : 'unavailable';
    return problemAnswer(
      {
        status: refusal.status,
        code: refusal.status === 429 ? 'simulated-throttle' : 'simulated-unavailable',
        title: refusal.status === 429 ? 'Simulated rate limit' : 'Simulated unavailability',
        detail: `Fault "${fault}": this attempt was not processed; retry after ${retryAfter}.`,
      },
      { 'Retry-After': retryAfter },
    );
  }

  private async slowly(settings: FaultSettings, answer: HttpAnswer): Promise<Outcome> {
    await this.deps.sleep(settings['slow-response'] ?? 0, this.deps.signal);
    return { answer };
  }
}

function badRequest(code: string, title: string, detail: string): HttpAnswer {
  return problemAnswer({ status: 400, code, title, detail });
}

function requestIdMismatch(header: string, recorded: string): HttpAnswer {
  return problemAnswer({
    status: 422,
    code: 'request-id-header-mismatch',
    title: 'X-Alloy-Request-Id does not match the request',
    detail: `The X-Alloy-Request-Id header ${header} differs from the recorded request's request_id ${recorded}.`,
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseBody(body: Buffer): { text: string; value: JsonValue } | { answer: HttpAnswer } {
  if (body.length === 0) return { answer: badRequest('body-empty', 'Empty body', 'The body is empty: send the request file’s bytes.') };
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    return {
      answer: badRequest(
        'body-has-bom',
        'Byte order mark',
        'The body starts with a UTF-8 byte order mark, which strict JSON parsers reject: send the bytes without it.',
      ),
    };
  }
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return { answer: badRequest('body-not-utf8', 'Not UTF-8', 'The body is not valid UTF-8.') };
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return { answer: badRequest('body-not-json', 'Not JSON', `The body is not JSON: ${(error as Error).message}.`) };
  }
  if (!isObject(value))
    return { answer: badRequest('body-not-object', 'Not a JSON object', 'The body must be a JSON object (an execution request).') };
  return { text, value };
}
