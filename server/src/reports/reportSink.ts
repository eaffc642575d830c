// The port through which the receiver hands over a body it has read in full: the sink puts it on
// disk (or anywhere) and says where. The receiver answers 202 only after `save` resolves, and judges
// the bytes (reportStore.ts) after answering, so the check never delays the answer.

import type { ReportPhase } from './reportPhase';
import type { StoredReport } from './reportStore';

export interface ReceivedBody {
  requestId: string;
  phase: ReportPhase;
  /** The bytes exactly as received. */
  bytes: Uint8Array;
  receivedAt: Date;
}

export interface StoredFile {
  /** Absolute path of the file that holds the bytes. */
  file: string;
  /** True when the same bytes were already stored for this request and phase: nothing new was written. */
  duplicate: boolean;
}

export interface ReportSink {
  save(body: ReceivedBody): Promise<StoredFile>;
}

/** A stored report with its judgement, as the receiver's `onReport` event and `writeReportFile` give it. */
export interface SavedReport {
  report: StoredReport;
  duplicate: boolean;
}
