// The anchor of the CPU budgets for a YAML file the fast path declines (anchors, aliases, tags,
// flow or multi-line constructs, any syntax problem): such a file is read by the `yaml` package,
// whose own parse is the floor of its check. Its budget is YAML_PARSE_FACTOR times that parse of
// the same text, measured on this machine in the same run, read as the core reads it: a lone CR
// as a line break (the package does not know it as one, and a text of lone-CR lines can overflow
// its stack), and without the package's repeated-key check (quadratic; the core does not use it).

import { parseDocument } from 'yaml';

export const YAML_PARSE_FACTOR = 2;

/** CPU ms of the `yaml` package's parse of `text`; `collectGarbage` runs first when given. */
export function yamlParseCpuMs(text: string, collectGarbage?: () => void): number {
  collectGarbage?.();
  const start = process.cpuUsage();
  try {
    parseDocument(text.replace(/\r(?!\n)/g, '\n'), { uniqueKeys: false });
  } catch {
    // A hostile text overflows the package's stack (the core bounds it first): the time until then counts.
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
