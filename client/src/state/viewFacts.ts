// Everything the editor's views say about one file, gathered once: its facts from the core's check,
// its latest submission and report from the snapshot, a send in progress in this window, and, for a
// brief, how many requests name it. The CodeLens, the status bar and the context keys all read it.

import type { SendingRegistry } from '../submission/sendingRegistry';
import { latestSubmissionOf, type ModelSnapshot } from './alloyModel';
import { factsOfFile, type FileFacts } from './fileFacts';
import { submissionFactsOf, type SendingFacts, type SubmissionFacts } from './submissionFacts';
import type { WorkspaceIndex } from './workspaceIndex';

export interface ViewFacts {
  facts: FileFacts;
  last?: SubmissionFacts;
  sending?: SendingFacts;
  naming?: number;
}

export function viewFactsOf(
  file: string,
  index: Pick<WorkspaceIndex, 'check' | 'analysisOf' | 'requestsNaming'>,
  snapshot: ModelSnapshot,
  registry: Pick<SendingRegistry, 'forFile'>,
): ViewFacts {
  const facts = factsOfFile(index, file);
  if (facts.kind === 'brief') return { facts, naming: index.requestsNaming(file).length };
  if (facts.kind !== 'request') return { facts };
  const summary = latestSubmissionOf(snapshot, file, facts.requestId);
  const state = summary ? snapshot.states.get(summary.requestId) : undefined;
  const last = submissionFactsOf(summary, state, facts.key);
  const sending = registry.forFile(file, facts.key);
  return { facts, ...(last ? { last } : {}), ...(sending ? { sending } : {}) };
}
