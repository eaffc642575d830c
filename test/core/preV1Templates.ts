// The two pre-v1 brief shapes of the upstream docs, built for the tests from
// ../shared/domain-notes.md §3b (the "Required Sections" example, YAML) and §3c (the "minimal
// JSON shape" template), and the v1 data each migrates to (placeholders included).

import { MIGRATION_PLACEHOLDER_PREFIX } from '../../server/src/core/schema/migrationPlaceholder';

const TODO = MIGRATION_PLACEHOLDER_PREFIX;

/** §3b: brief_id, project, created_at, source_graph_version, mission, source_intent, capabilities with name and severity, foundry_runtime with dry_run_first_then_full. */
export const SECTIONS_YAML = `brief_id: alloy.brief.checkout-payment.2026-06-06
project: epilogue-tracker
created_at: 2026-06-06T00:00:00-04:00
source_graph_version: alloy.graph.v17

mission:
  objective: Implement the next checkout payment interaction from Epilogue.
  definition_of_done:
    - Product interaction acceptance checks pass
    - Required engineering evidence is collected
  stop_conditions:
    - Required gates fail after retry budget

source_intent:
  product:
    - et.interaction.checkout.submit-payment
  design:
    - design.intent.checkout.error-recovery
  engineering:
    - alloy.intent.functional-core.checkout-policy
    - alloy.intent.gateway.payment-provider

protected_capabilities:
  - name: Test checkout policy without UI or external services
    severity: high
  - name: Preserve stable payment failure semantics
    severity: medium

threats_to_watch:
  - Business rules added to LiveView handlers

strategies_to_prefer:
  - Functional Core / Imperative Shell
  - Gateway abstraction

forbidden_moves:
  - Do not weaken existing tests or gates to pass verification

evidence_plan:
  required:
    - Domain payment policy tests pass without UI or network
  suggested:
    - Add fake payment gateway test coverage for decline cases

agent_formation:
  pattern: planner_coder_intent_reviewer
  roles:
    - name: engineering_intent_reviewer
      access: read_only
    - name: phoenix_liveview_specialist
      access: full

foundry_runtime:
  entry_event: iteration_requested
  throttle: dry_run_first_then_full
  max_iterations: 3
  actions:
    iterate: true
    maintain: false
`;

export const SECTIONS_V1 = {
  schema_version: 'alloy.formation_brief.v1',
  id: 'brief_checkout_payment_2026_06_06',
  project_id: 'epilogue-tracker',
  created_at: '2026-06-06T00:00:00-04:00',
  version: 1,
  created_by: `${TODO}who created the brief`,
  status: 'draft',
  mission: {
    objective: 'Implement the next checkout payment interaction from Epilogue.',
    definition_of_done: ['Product interaction acceptance checks pass', 'Required engineering evidence is collected'],
    stop_conditions: ['Required gates fail after retry budget'],
    product_intent_refs: ['et.interaction.checkout.submit-payment'],
    design_intent_refs: ['design.intent.checkout.error-recovery'],
    engineering_intent_refs: ['alloy.intent.functional-core.checkout-policy', 'alloy.intent.gateway.payment-provider'],
  },
  protected_capabilities: [
    {
      id: `${TODO}an id for this capability, e.g. alloy.capability.test-checkout-policy-without-ui-or-external-services`,
      statement: 'Test checkout policy without UI or external services',
      severity: 'high',
    },
    {
      id: `${TODO}an id for this capability, e.g. alloy.capability.preserve-stable-payment-failure-semantics`,
      statement: 'Preserve stable payment failure semantics',
      severity: 'medium',
    },
  ],
  threats_to_watch: ['Business rules added to LiveView handlers'],
  preferred_strategies: ['Functional Core / Imperative Shell', 'Gateway abstraction'],
  forbidden_moves: ['Do not weaken existing tests or gates to pass verification'],
  evidence_plan: {
    required: ['Domain payment policy tests pass without UI or network'],
    suggested: ['Add fake payment gateway test coverage for decline cases'],
  },
  agent_formation: {
    pattern: 'planner_coder_intent_reviewer',
    roles: [
      { name: 'engineering_intent_reviewer', access: 'read_only' },
      { name: 'phoenix_liveview_specialist', access: 'full' },
    ],
  },
  foundry: {
    entry_event: 'iteration_requested',
    throttle: 'dry_run',
    payload: { max_iterations: 3, actions: { iterate: true, maintain: false } },
  },
};

/** §3c: the minimal JSON shape, empty lists and all, with prompt_packs and foundry_runtime. */
export const MINIMAL_JSON = `{
  "brief_id": "alloy.brief.example",
  "project": "example-project",
  "mission": {
    "objective": "Implement selected Epilogue interaction",
    "definition_of_done": []
  },
  "source_intent": {
    "product": [],
    "design": [],
    "engineering": []
  },
  "protected_capabilities": [],
  "threats_to_watch": [],
  "strategies_to_prefer": [],
  "forbidden_moves": [],
  "evidence_plan": {
    "required": [],
    "suggested": []
  },
  "agent_formation": {
    "pattern": "planner_coder_reviewer",
    "roles": []
  },
  "prompt_packs": {
    "assessment": "alloy.prompt.assessment.example",
    "triage": "alloy.prompt.triage.example",
    "planning": "alloy.prompt.planning.example",
    "execution": "alloy.prompt.execution.example",
    "retry": "alloy.prompt.retry.example",
    "summary": "alloy.prompt.summary.example"
  },
  "foundry_runtime": {
    "entry_event": "iteration_requested",
    "throttle": "dry_run",
    "max_iterations": 3,
    "actions": {
      "iterate": true,
      "maintain": false
    }
  }
}
`;

const PROMPTS =
  'assessment alloy.prompt.assessment.example, triage alloy.prompt.triage.example, planning alloy.prompt.planning.example, ' +
  'execution alloy.prompt.execution.example, retry alloy.prompt.retry.example, summary alloy.prompt.summary.example';

export const MINIMAL_V1 = {
  schema_version: 'alloy.formation_brief.v1',
  id: 'brief_example',
  project_id: 'example-project',
  version: 1,
  created_at: `${TODO}when the brief was created, e.g. 2026-06-06T10:00:00-04:00`,
  created_by: `${TODO}who created the brief`,
  status: 'draft',
  mission: {
    objective: 'Implement selected Epilogue interaction',
    definition_of_done: [],
    product_intent_refs: [],
    design_intent_refs: [],
    engineering_intent_refs: [],
  },
  protected_capabilities: [],
  threats_to_watch: [],
  preferred_strategies: [],
  forbidden_moves: [],
  evidence_plan: { required: [], suggested: [] },
  agent_formation: { pattern: 'planner_coder_reviewer', roles: [] },
  prompt_pack: {
    id: `${TODO}the id of the prompt pack compiled from the pre-v1 prompts (${PROMPTS})`,
    digest: `${TODO}that prompt pack's digest: sha256: and 64 hex digits`,
  },
  foundry: {
    entry_event: 'iteration_requested',
    throttle: 'dry_run',
    payload: { max_iterations: 3, actions: { iterate: true, maintain: false } },
  },
};
