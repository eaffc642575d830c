// Where "Submit" would send a request, in the few words a CodeLens and a tooltip have room for:
// the endpoint's host for HTTP, `foundry emit` for the CLI transport, or what is wrong with the
// setting. The engine decides again when it sends; this only shows the same decision early.

import { resolveEndpoint } from '../../../server/src/submission';

export type SubmitTarget = { ok: true; shown: string } | { ok: false; shown: string; why: string };

export function submitTargetOf(settings: { transport: string; endpoint: string }, projectId: string | undefined): SubmitTarget {
  if (settings.transport === 'foundry-cli') return { ok: true, shown: 'foundry emit' };
  if (settings.transport !== 'http') {
    return { ok: false, shown: 'unknown transport', why: `alloy.submit.transport is "${settings.transport}" (http or foundry-cli)` };
  }
  if (settings.endpoint === '') return { ok: false, shown: 'no endpoint set', why: 'set alloy.submit.endpoint' };
  const endpoint = resolveEndpoint(settings.endpoint, projectId ?? 'project');
  if (!endpoint.ok) {
    const refusal = endpoint.refusal;
    return { ok: false, shown: 'endpoint not usable', why: refusal.kind === 'bad-endpoint' ? refusal.reason : refusal.kind };
  }
  return { ok: true, shown: endpoint.host };
}
