// A throw-away repository for protocol tests: one compiled brief and requests built from it with
// real digests and keys (computed with test/support/independentHash.ts, not by the server).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { canonicalText, sha256Of } from '../support/independentHash';

export const BRIEF_YAML = `schema_version: alloy.formation_brief.v1
id: brief_CHECKOUT
version: 2
project_id: checkout-service
created_at: "2026-06-06T10:00:00-04:00"
created_by: stacey
status: compiled
mission:
  objective: Make checkout idempotent.
protected_capabilities:
  - id: cap_payment
    statement: Payments are charged once.
evidence_plan:
  required:
    - payment_tests_pass
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload:
    max_iterations: 3
`;

/** The same brief with different content (so a different digest). */
export const EDITED_BRIEF_YAML = BRIEF_YAML.replace('Make checkout idempotent.', 'Make checkout idempotent and fast.');

/** The brief's data, written out with sorted keys: its RFC 8785 form (no digest member). */
const BRIEF_CANONICAL =
  '{"created_at":"2026-06-06T10:00:00-04:00","created_by":"stacey","evidence_plan":{"required":["payment_tests_pass"]},' +
  '"foundry":{"entry_event":"iteration_requested","payload":{"max_iterations":3},"throttle":"dry_run"},"id":"brief_CHECKOUT",' +
  '"mission":{"objective":"Make checkout idempotent."},"project_id":"checkout-service",' +
  '"protected_capabilities":[{"id":"cap_payment","statement":"Payments are charged once."}],' +
  '"schema_version":"alloy.formation_brief.v1","status":"compiled","version":2}';

export const BRIEF_DIGEST = sha256Of(BRIEF_CANONICAL);

/** A digest that is well-formed but belongs to no brief here. */
export const WRONG_DIGEST = 'sha256:' + 'ab'.repeat(32);

/** The key of the fixture requests for a given brief digest and revision (SPEC §5, keys sorted). */
export function keyFor(briefDigest: string, revision = 'abc123'): string {
  return sha256Of(
    canonicalText({
      brief_digest: briefDigest,
      entry_event: 'iteration_requested',
      payload: { max_iterations: 3 },
      project_id: 'checkout-service',
      repo_revision: revision,
      requested_by: 'stacey',
      throttle: 'dry_run',
    }),
  );
}

export interface RequestOptions {
  digest?: string;
  key?: string;
  revision?: string;
  localPath?: string;
}

/**
 * A request naming the fixture brief, as `JSON.stringify(…, null, 2)` lays it out. Lines:
 * 3 idempotency_key (value from character 21), 8 repo.revision (value from 16),
 * 12 brief.id (value from 10), 14 brief.digest (value from 14), 15 brief.local_path (value from 18).
 */
export function requestJson(options: RequestOptions = {}): string {
  const digest = options.digest ?? BRIEF_DIGEST;
  const revision = options.revision ?? 'abc123';
  const request = {
    schema_version: 'alloy.foundry_execution_request.v1',
    request_id: 'runreq_01HZ_CHECKOUT',
    idempotency_key: options.key ?? keyFor(digest, revision),
    project_id: 'checkout-service',
    requested_by: 'stacey',
    repo: { path: '/srv/checkout', revision, branch: 'alloy/checkout' },
    brief: { id: 'brief_CHECKOUT', version: 2, digest, local_path: options.localPath ?? '.alloy/briefs/x.yaml' },
    foundry: { entry_event: 'iteration_requested', throttle: 'dry_run', payload: { max_iterations: 3 } },
    reporting: {
      callback_url: 'http://127.0.0.1:8787/api/run-requests/runreq_01HZ_CHECKOUT/completed',
      trace_summary_required: true,
      evidence_observations_required: true,
    },
  };
  return JSON.stringify(request, null, 2) + '\n';
}

export class FixtureWorkspace {
  readonly root: string;

  constructor() {
    this.root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-lsp-')));
    this.write('.alloy/briefs/x.yaml', BRIEF_YAML);
  }

  path(relative: string): string {
    return path.join(this.root, relative);
  }

  uri(relative: string): string {
    return URI.file(this.path(relative)).toString();
  }

  write(relative: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(relative)), { recursive: true });
    fs.writeFileSync(this.path(relative), text);
  }

  read(relative: string): string {
    return fs.readFileSync(this.path(relative), 'utf8');
  }

  remove(relative: string): void {
    fs.rmSync(this.path(relative), { recursive: true, force: true });
  }

  rename(from: string, to: string): void {
    fs.mkdirSync(path.dirname(this.path(to)), { recursive: true });
    fs.renameSync(this.path(from), this.path(to));
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
