// Types of readmeTable.mjs for the TypeScript test that checks the README against latest.json.

export const BEGIN: string;
export const END: string;
export const README: string;
export const LATEST: string;

/** One figure of a bench run, as bench/figures.mjs records it. */
export interface BenchFigure {
  id: string;
  label: string;
  unit: string;
  target: { text: string; ratioAtLeast?: number; max?: number; equals?: number } | null;
  ours: number | null;
  anchor: number | null;
  anchorName: string | null;
  anchorValidated: boolean | null;
  ratio: number | null;
  met: boolean | null;
  note: string | null;
  /** The samples behind the figure (percentiles, runs); not rendered. */
  detail: unknown;
}

/** What bench/run.mjs writes to bench/results/latest.json. */
export interface BenchResults {
  format: number;
  date: string;
  commit: { sha: string; dirty: boolean | null; changedFiles: number | null };
  host: { cpu: string; cores: number; memoryGB: number; platform: string };
  node: string;
  quick: boolean;
  schemas: string;
  anchors: { anchor: string; where: string; validated: boolean; reason: string }[];
  figures: BenchFigure[];
  failures: string[];
}

export function renderReadmeBlock(results: BenchResults): string;
export function readmeBlockOf(readme: string): string | undefined;
export function replaceReadmeBlock(readme: string, block: string): string;
