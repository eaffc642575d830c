// The proof that an anchor really validates before its times count: the clean file gets no
// problem, and a planted error inside a `$ref`'d definition of another schema file (a wrong
// `throttle` value: the enum lives in common.v1's `$defs/throttle`) is found. An anchor that
// could not follow a `$ref`, or that failed quietly, has not validated.

import { UNRESOLVED_REF } from './anchorSchemas.mjs';

/** What is planted in each kind of file, and the message the anchors give for it. */
const PLANTS = {
  request: { from: '"throttle": "dry_run"', to: '"throttle": "dry_run_planted"' },
  brief: { from: '\n  throttle: dry_run\n', to: '\n  throttle: dry_run_planted\n' },
};
/** Both anchors word an enum miss so; it names the values of common.v1's throttle enum. */
export const PLANTED_MESSAGE = /Valid values: "dry_run", "full"/;

/** `text` (a clean request or brief) with the planted error. */
export function planted(kind, text) {
  const plant = PLANTS[kind];
  if (!text.includes(plant.from)) throw new Error(`the ${kind} has no ${plant.from.trim()} to plant an error in`);
  return text.replace(plant.from, plant.to);
}

const messagesOf = (diagnostics) => diagnostics.map((d) => (typeof d === 'string' ? d : d.message));

/**
 * Judges what an anchor said about the clean and the planted file (diagnostics or messages), plus
 * any error it swallowed. Returns `{ validated, reason }`; `reason` says what failed, or what was found.
 */
export function judgeProof({ clean, planted: withError, swallowed = [] }) {
  const cleanMessages = messagesOf(clean);
  const plantedMessages = messagesOf(withError);
  const unresolved = [...cleanMessages, ...plantedMessages].find((m) => UNRESOLVED_REF.test(m));
  if (unresolved) return { validated: false, reason: `a $ref was not resolved: ${unresolved.slice(0, 160)}` };
  if (swallowed.length > 0) return { validated: false, reason: `the service failed and reported nothing: ${swallowed[0].slice(0, 160)}` };
  if (cleanMessages.length > 0) {
    return { validated: false, reason: `the valid file got ${cleanMessages.length} problem(s): ${cleanMessages[0].slice(0, 160)}` };
  }
  if (!plantedMessages.some((m) => PLANTED_MESSAGE.test(m))) {
    const got = plantedMessages.length === 0 ? 'no problem' : `only: ${plantedMessages[0].slice(0, 120)}`;
    return { validated: false, reason: `the planted error (a wrong throttle, in common.v1's $defs/throttle) was not found (${got})` };
  }
  return { validated: true, reason: 'clean file: 0 problems; planted wrong throttle in a $ref’d definition: found' };
}

/** Runs the proof on an in-process anchor (createJsonAnchor / createYamlAnchor). */
export async function proveAnchor(anchor, kind, uri, cleanText) {
  const before = anchor.swallowed?.length ?? 0;
  const clean = await anchor.validate(uri, cleanText);
  const withError = await anchor.validate(uri, planted(kind, cleanText));
  return judgeProof({ clean, planted: withError, swallowed: anchor.swallowed?.slice(before) ?? [] });
}
