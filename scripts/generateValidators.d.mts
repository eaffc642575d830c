// Types of generateValidators.mjs, for the tests that import it.
import type Ajv2020 from 'ajv/dist/2020';

export type JsonSchema = Record<string, unknown>;
export declare const GENERATED_FOLDER: string;
export declare const GENERATED_FILES: string[];
export declare const VALIDATED_SCHEMAS: Record<'request' | 'brief' | 'runResult' | 'evidenceObservation', string>;
export declare const CUSTOM_FORMATS: string[];
export declare function readSchemas(): JsonSchema[];
export declare function createAjv(
  formats: Record<string, (text: string) => boolean>,
  options?: { standalone?: boolean; schemas?: JsonSchema[] },
): Ajv2020;
export declare function generateValidatorFiles(schemas?: JsonSchema[]): Record<string, string>;
export declare function writeValidatorFiles(files?: Record<string, string>): string[];
