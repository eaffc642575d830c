// Migrates a pre-v1 Formation Brief (the upstream "Required Sections" example and "minimal JSON
// shape") to `alloy.formation_brief.v1` as text edits: keys renamed, values moved, identity
// added, the throttle made a real one. What cannot be derived is left as a marked placeholder
// (its own `placeholder` diagnostic); what v1 has no place for is kept (a comment in YAML, the
// member itself in JSON) and said so. Every change is listed as a note; nothing is invented.

import { preV1BriefKeys } from '../document/preV1Brief';
import { SCHEMA_VERSIONS } from '../document/fileKind';
import { analyzeFile, type FileAnalysis } from '../rules/fileAnalysis';
import { findProperty, type JsonValue, type ObjectNode, type PropertyNode, type SyntaxNode } from '../document/syntaxTree';
import { migrationPlaceholder } from '../schema/migrationPlaceholder';
import { applyOrderedEdits, StructuralEditor, type NewMember } from './structuralEdits';
import type { FileEdit } from './textEdit';

export interface MigrationNote {
  /** What happened to the member: renamed or moved, derived, left as a placeholder, or kept without a v1 place. */
  kind: 'renamed' | 'derived' | 'placeholder' | 'kept';
  /** The member, as a dotted path in the pre-v1 brief (or in the v1 brief, for what was added). */
  path: string;
  message: string;
}

export type BriefMigration = { ok: true; edits: FileEdit[]; text: string; notes: MigrationNote[] } | { ok: false; reason: string };

/** Pre-v1 throttle values that are not Foundry throttles (only `dry_run` and `full` are). */
const V1_THROTTLES = new Set(['dry_run', 'full']);

const SOURCE_INTENT_REFS: Record<string, string> = {
  product: 'product_intent_refs',
  design: 'design_intent_refs',
  engineering: 'engineering_intent_refs',
};

/** Top-level pre-v1 members v1 has no place for. */
const NO_V1_PLACE: Record<string, string> = {
  source_graph_version: 'v1 does not record the source intent graph version',
};

function isObjectNode(node: SyntaxNode | undefined): node is ObjectNode {
  return node?.kind === 'object';
}

function stringOf(p: PropertyNode | undefined): string | undefined {
  return p?.value?.kind === 'scalar' && typeof p.value.value === 'string' ? p.value.value : undefined;
}

/** `alloy.brief.checkout-payment.2026-06-06` → `brief_checkout_payment_2026_06_06`; v1 ids are kept. */
export function v1BriefId(old: string): string | undefined {
  if (/^brief_[0-9A-Za-z_]+$/.test(old)) return old;
  const slug = old
    .replace(/^alloy\.brief\./, '')
    .replace(/^brief[._-]/, '')
    .replace(/[^0-9A-Za-z_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug ? `brief_${slug}` : undefined;
}

/** A capability `name` that reads as an identifier (no spaces) rather than a statement. */
function looksLikeId(name: string): boolean {
  return /^[A-Za-z0-9_.:-]+$/.test(name);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * The migration of a pre-v1 brief, or why there is none. `text` is the migrated file; `edits`
 * turn the current text into it (the quick fix applies them as they are).
 */
export function migrateBrief(analysis: FileAnalysis): BriefMigration {
  const root = analysis.root;
  if (!analysis.isJsonData || !isObjectNode(root)) {
    return { ok: false, reason: 'the file does not parse as one object; fix its syntax errors first' };
  }
  const inBriefFolder = analysis.kind === 'brief';
  const preV1 = preV1BriefKeys(analysis.value, inBriefFolder) ?? (inBriefFolder ? undefined : preV1BriefKeys(analysis.value, true));
  if (!preV1) {
    const version = (analysis.value as Record<string, JsonValue>).schema_version;
    return {
      ok: false,
      reason:
        version !== undefined
          ? `it already has schema_version ${JSON.stringify(version)}; only a pre-v1 brief (without one) is migrated`
          : 'it is not a pre-v1 brief (none of brief_id, project, source_intent, strategies_to_prefer, prompt_packs, foundry_runtime)',
    };
  }
  const ed = new StructuralEditor(analysis);
  const notes: MigrationNote[] = [];
  const note = (kind: MigrationNote['kind'], path: string, message: string) => notes.push({ kind, path, message });
  const has = (key: string) => findProperty(root, key);
  const placeholder = (path: string, what: string): JsonValue => {
    note('placeholder', path, `left as a placeholder: ${what}`);
    return migrationPlaceholder(what);
  };
  /** Members that are replaced or removed: no insertion is anchored on them. */
  const taken = new Set<PropertyNode>();

  // Identity: schema_version first; id, version, project_id, created_at, created_by, status.
  const top: NewMember[] = [{ key: 'schema_version', data: SCHEMA_VERSIONS.brief }];
  note('derived', 'schema_version', `added: ${SCHEMA_VERSIONS.brief}`);
  const identity: NewMember[] = [];
  const briefId = has('brief_id');
  if (!has('id')) {
    const old = stringOf(briefId);
    const id = old !== undefined ? v1BriefId(old) : undefined;
    if (briefId && id !== undefined) {
      ed.renameKey(briefId, 'id');
      if (id !== old) {
        ed.replaceScalar(briefId.value!, id);
        note('renamed', 'brief_id', `renamed to id; "${old}" became "${id}" (a v1 id is brief_ followed by letters, digits or _)`);
      } else {
        note('renamed', 'brief_id', 'renamed to id');
      }
    } else {
      top.push({ key: 'id', data: placeholder('id', 'the brief id: brief_ followed by letters, digits or _') });
      if (briefId) note('kept', 'brief_id', 'kept as it is: its value is not a string a v1 id can be made of');
    }
  } else if (briefId) {
    note('kept', 'brief_id', 'kept as it is: the brief already has an id');
  }
  if (!has('version')) {
    identity.push({ key: 'version', data: 1 });
    note('derived', 'version', 'added: 1 (a pre-v1 brief has no version; this is its first v1 version)');
  }
  const project = has('project');
  if (!has('project_id')) {
    if (project) {
      ed.renameKey(project, 'project_id');
      note('renamed', 'project', 'renamed to project_id');
    } else {
      identity.push({ key: 'project_id', data: placeholder('project_id', 'the project id, e.g. checkout-service') });
    }
  } else if (project) {
    note('kept', 'project', 'kept as it is: the brief already has a project_id');
  }
  if (!has('created_at')) {
    identity.push({ key: 'created_at', data: placeholder('created_at', 'when the brief was created, e.g. 2026-06-06T10:00:00-04:00') });
  }
  if (!has('created_by')) identity.push({ key: 'created_by', data: placeholder('created_by', 'who created the brief') });
  if (!has('status')) {
    identity.push({ key: 'status', data: 'draft' });
    note('derived', 'status', 'added: draft (the migrated text has not been compiled as v1; compile it before requests can run it)');
  }

  // Mission, with the source intent references moved into it.
  const mission = has('mission');
  const source = has('source_intent');
  const refs: NewMember[] = [];
  let sourceMovable = false;
  if (source) {
    const node = source.value;
    const unknown = isObjectNode(node) ? node.properties.filter((p) => !(p.key in SOURCE_INTENT_REFS) || p.value?.kind !== 'array') : [];
    const clash = isObjectNode(mission?.value) ? Object.values(SOURCE_INTENT_REFS).find((k) => findProperty(mission!.value, k)) : undefined;
    if (!isObjectNode(node) || unknown.length > 0 || clash) {
      const why = !isObjectNode(node)
        ? 'it is not an object'
        : unknown.length > 0
          ? `"${unknown[0].key}" is not a product, design or engineering list`
          : `mission already has ${clash}`;
      note('kept', 'source_intent', `kept as it is (${why}); move its references into mission yourself`);
    } else {
      sourceMovable = true;
      for (const p of node.properties) {
        refs.push({ key: SOURCE_INTENT_REFS[p.key], from: p });
        note('renamed', `source_intent.${p.key}`, `moved to mission.${SOURCE_INTENT_REFS[p.key]}`);
      }
    }
  }
  const objectivePlaceholder = () => placeholder('mission.objective', "the mission's objective in a sentence or two");
  if (isObjectNode(mission?.value) && mission.value.properties.length > 0) {
    const node = mission.value;
    if (!findProperty(node, 'objective')) ed.insertBefore(node, node.properties[0], [{ key: 'objective', data: objectivePlaceholder() }]);
    if (sourceMovable) {
      ed.insertAfter(node, node.properties[node.properties.length - 1], refs);
      ed.removeMember(root, source!);
      taken.add(source!);
    }
  } else if (mission) {
    if (sourceMovable || isObjectNode(mission.value)) {
      // An empty (or flow-style) mission is written again, with what it lacks.
      ed.replaceMember(root, mission, [{ key: 'mission', children: [{ key: 'objective', data: objectivePlaceholder() }, ...refs] }]);
      taken.add(mission);
      if (sourceMovable) {
        ed.removeMember(root, source!);
        taken.add(source!);
      }
    }
  } else {
    const missionMember: NewMember = { key: 'mission', children: [{ key: 'objective', data: objectivePlaceholder() }, ...refs] };
    if (sourceMovable) {
      ed.replaceMember(root, source!, [missionMember]);
      taken.add(source!);
    } else {
      identity.push(missionMember);
    }
  }

  // Protected capabilities: `name` becomes the statement (or the id, when it reads as one).
  const capabilities = has('protected_capabilities');
  if (capabilities?.value?.kind === 'array') {
    capabilities.value.items.forEach((item, i) => {
      const at = `protected_capabilities[${i}]`;
      if (!isObjectNode(item) || item.properties.length === 0) return;
      const name = findProperty(item, 'name');
      const nameText = stringOf(name);
      const hasId = findProperty(item, 'id') !== undefined;
      const hasStatement = findProperty(item, 'statement') !== undefined;
      if (name && nameText !== undefined && !hasId && !hasStatement) {
        if (looksLikeId(nameText)) {
          ed.renameKey(name, 'id');
          note('renamed', `${at}.name`, 'renamed to id (it reads as an identifier)');
          ed.insertAfter(item, name, [{ key: 'statement', data: placeholder(`${at}.statement`, `what must remain true for ${nameText}`) }]);
        } else {
          ed.renameKey(name, 'statement');
          note('renamed', `${at}.name`, 'renamed to statement');
          const suggestion = slug(nameText);
          const what = `an id for this capability${suggestion ? `, e.g. alloy.capability.${suggestion}` : ''}`;
          ed.insertBefore(item, name, [{ key: 'id', data: placeholder(`${at}.id`, what) }]);
        }
      } else if (name && nameText !== undefined && hasId && !hasStatement) {
        ed.renameKey(name, 'statement');
        note('renamed', `${at}.name`, 'renamed to statement');
      } else if (!name) {
        const last = item.properties[item.properties.length - 1];
        const missing: NewMember[] = [];
        if (!hasId) missing.push({ key: 'id', data: placeholder(`${at}.id`, 'an id for this capability') });
        if (!hasStatement) missing.push({ key: 'statement', data: placeholder(`${at}.statement`, 'what must remain true') });
        ed.insertAfter(item, last, missing);
      } else {
        note('kept', `${at}.name`, 'kept as it is: the capability already has an id and a statement, or its name is not text');
      }
    });
  }

  // Strategies.
  const strategies = has('strategies_to_prefer');
  if (strategies && !has('preferred_strategies')) {
    ed.renameKey(strategies, 'preferred_strategies');
    note('renamed', 'strategies_to_prefer', 'renamed to preferred_strategies');
  } else if (strategies) {
    note('kept', 'strategies_to_prefer', 'kept as it is: the brief already has preferred_strategies');
  }

  // Prompt packs: v1 names one compiled prompt pack by id and digest.
  const packs = has('prompt_packs');
  if (packs && !has('prompt_pack') && isObjectNode(packs.value)) {
    const prompts = packs.value.properties.map((p) => `${p.key} ${stringOf(p) ?? '(not text)'}`).join(', ');
    if (packs.value.properties.length === 0) {
      ed.removeMember(root, packs);
      taken.add(packs);
      note('renamed', 'prompt_packs', 'removed: it names no prompt');
    } else {
      ed.replaceMember(root, packs, [
        {
          key: 'prompt_pack',
          children: [
            { key: 'id', data: placeholder('prompt_pack.id', `the id of the prompt pack compiled from the pre-v1 prompts (${prompts})`) },
            { key: 'digest', data: placeholder('prompt_pack.digest', "that prompt pack's digest: sha256: and 64 hex digits") },
          ],
        },
      ]);
      taken.add(packs);
      note(
        'renamed',
        'prompt_packs',
        'replaced by prompt_pack (one compiled pack, by id and digest); its prompts are named in the id placeholder',
      );
    }
  } else if (packs) {
    note('kept', 'prompt_packs', 'kept as it is: ' + (has('prompt_pack') ? 'the brief already has a prompt_pack' : 'it is not an object'));
  }

  // Foundry runtime controls → foundry: entry_event, throttle, and the rest as the payload.
  const runtime = has('foundry_runtime');
  if (runtime && !has('foundry') && isObjectNode(runtime.value)) {
    const node = runtime.value;
    const children: NewMember[] = [];
    const entry = findProperty(node, 'entry_event');
    children.push(
      entry
        ? { key: 'entry_event', from: entry }
        : { key: 'entry_event', data: placeholder('foundry.entry_event', 'the entry event, e.g. iteration_requested') },
    );
    const throttle = findProperty(node, 'throttle');
    const throttleText = stringOf(throttle);
    if (throttle && throttleText !== undefined && V1_THROTTLES.has(throttleText)) {
      children.push({ key: 'throttle', from: throttle });
    } else {
      children.push({ key: 'throttle', data: 'dry_run' });
      note(
        'derived',
        'foundry_runtime.throttle',
        throttle
          ? `${JSON.stringify(throttleText ?? null)} is not a Foundry throttle: made dry_run (a person approves full separately)`
          : 'missing: dry_run, the default for new briefs',
      );
    }
    const payload = node.properties.filter((p) => p.key !== 'entry_event' && p.key !== 'throttle');
    children.push({ key: 'payload', children: payload.map((p) => ({ key: p.key, from: p })) });
    for (const p of payload) note('renamed', `foundry_runtime.${p.key}`, `moved to foundry.payload.${p.key}`);
    ed.replaceMember(root, runtime, [{ key: 'foundry', children }]);
    taken.add(runtime);
    note('renamed', 'foundry_runtime', 'renamed to foundry');
  } else if (runtime) {
    note('kept', 'foundry_runtime', 'kept as it is: ' + (has('foundry') ? 'the brief already has foundry' : 'it is not an object'));
  } else if (!has('foundry')) {
    identity.push({
      key: 'foundry',
      children: [
        { key: 'entry_event', data: placeholder('foundry.entry_event', 'the entry event, e.g. iteration_requested') },
        { key: 'throttle', data: 'dry_run' },
        { key: 'payload', data: {} },
      ],
    });
    note('derived', 'foundry.throttle', 'added: dry_run, the default for new briefs');
  }

  // Members v1 has no place for.
  for (const [key, why] of Object.entries(NO_V1_PLACE)) {
    const p = has(key);
    if (!p) continue;
    if (ed.commentOut(p, `pre-v1 member kept as a comment by alloy migrate (${why}):`)) {
      taken.add(p);
      note('kept', key, `kept as a comment: ${why}`);
    } else {
      note('kept', key, `kept as it is (${why}): remove it or keep it with its unknown-property warning`);
    }
  }

  // Where the identity goes: after the last identity member of the file, else at the top.
  const anchors = root.properties.filter(
    (p) => !taken.has(p) && ['brief_id', 'id', 'project', 'project_id', 'version', 'created_at', 'created_by', 'status'].includes(p.key),
  );
  const anchor = anchors[anchors.length - 1];
  const first = root.properties[0];
  if (anchor) {
    ed.insertBefore(root, first, top);
    ed.insertAfter(root, anchor, identity);
  } else {
    ed.insertBefore(root, first, [...top, ...identity]);
  }

  const edits = ed.result();
  if (!edits) return { ok: false, reason: 'the layout of this file defeats the migration (two changes overlap); migrate it by hand' };
  const text = applyOrderedEdits(analysis.text, edits);
  const check = analyzeFile(analysis.path, text);
  if (!check || !check.isJsonData || check.kind !== 'brief') {
    return { ok: false, reason: 'the migrated text would not parse (an unusual layout); migrate it by hand' };
  }
  return { ok: true, edits, text, notes };
}
