// Types of schemaValidators.js, generated with it by scripts/generateValidators.mjs: do not edit.
import type { ErrorObject } from 'ajv';

/** A validator generated from one schema: true when the data is valid, else `errors` says why. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Validates against schemas/foundry_execution_request.v1.schema.json. */
export declare const request: GeneratedValidator;
/** Validates against schemas/formation_brief.v1.schema.json. */
export declare const brief: GeneratedValidator;
/** Validates against schemas/foundry_run_result.v1.schema.json. */
export declare const runResult: GeneratedValidator;
/** Validates against schemas/evidence_observation.v1.schema.json. */
export declare const evidenceObservation: GeneratedValidator;
