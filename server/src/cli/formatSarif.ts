// `--format sarif`: a SARIF 2.1.0 log with one run, suitable for GitHub code scanning.
// Every diagnostic code is a rule; paths are relative to the working directory.

import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../core';
import { PACKAGE_VERSION } from './packageVersion';
import type { ReportedDiagnostic, ReportedRegion } from './reportedDiagnostic';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const RULE_IDS = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

function physicalLocation(region: ReportedRegion) {
  return {
    artifactLocation: { uri: encodeURI(region.file) },
    region: { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn },
  };
}

export function formatSarif(diagnostics: readonly ReportedDiagnostic[]): string {
  const rules = RULE_IDS.map((id) => ({
    id,
    shortDescription: { text: DIAGNOSTIC_CODES[id].doc },
    defaultConfiguration: { level: LEVELS[DIAGNOSTIC_CODES[id].severity] },
  }));
  const results = diagnostics.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: RULE_IDS.indexOf(d.code as DiagnosticCode),
      level: LEVELS[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: physicalLocation(d) }],
    };
    if (d.related.length > 0) {
      result.relatedLocations = d.related.map((r, id) => ({ id, physicalLocation: physicalLocation(r), message: { text: r.message } }));
    }
    return result;
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'alloy', version: PACKAGE_VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
