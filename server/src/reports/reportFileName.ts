// How a stored report is named (SPEC §8.2): `<phase>-<received-at>-<sha256 prefix>.json`, with the
// received-at time as a file-name-safe UTC stamp (`20261201T140203.123Z`). The name is built from
// the route's phase and the bytes' hash, never from the body. Temporary files of a write in
// progress start with a dot and end in `.tmp`, so readers can tell them apart.

import { isReportPhase, type ReportPhase } from './reportPhase';

/** How many hex digits of the sha-256 go into the name. */
export const HASH_PREFIX_LENGTH = 12;

export interface ReportFileNameParts {
  phase: ReportPhase;
  receivedAt: Date;
  /** The first HASH_PREFIX_LENGTH lowercase hex digits of the body's sha-256. */
  hashPrefix: string;
}

const NAME = /^(accepted|started|completed|failed)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-([0-9a-f]{12})\.json$/;
const TEMP = /^\..+\.tmp$/;

/** `20261201T140203.123Z` for 2026-12-01T14:02:03.123Z. */
export function receivedAtStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

export function reportFileName(phase: ReportPhase, receivedAt: Date, sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error(`reportFileName needs a lowercase hex sha-256, not "${sha256Hex}"`);
  return `${phase}-${receivedAtStamp(receivedAt)}-${sha256Hex.slice(0, HASH_PREFIX_LENGTH)}.json`;
}

/** The parts of a name this receiver wrote; undefined for any other name (a foreign file). */
export function parseReportFileName(name: string): ReportFileNameParts | undefined {
  const m = NAME.exec(name);
  if (!m || !isReportPhase(m[1])) return undefined;
  const iso = `${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}.${m[8]}Z`;
  const receivedAt = new Date(iso);
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.toISOString() !== iso) return undefined;
  return { phase: m[1], receivedAt, hashPrefix: m[9] };
}

/** The temporary name a write uses before its rename: hidden, and never matching a report name. */
export function tempFileName(finalName: string, unique: string): string {
  return `.${finalName}.${unique}.tmp`;
}

export function isTempFileName(name: string): boolean {
  return TEMP.test(name);
}
