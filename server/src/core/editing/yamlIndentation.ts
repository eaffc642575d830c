// The indentation step a YAML file uses (the smallest indentation of an indented line), so that
// inserted blocks look like the rest of the file. Two spaces when the file shows none.

export function yamlIndentUnit(text: string): string {
  let smallest = Infinity;
  for (const line of text.split(/\r\n?|\n/)) {
    const m = /^( +)[^\s#]/.exec(line);
    if (m) smallest = Math.min(smallest, m[1].length);
  }
  return smallest >= 1 && smallest <= 8 ? ' '.repeat(smallest) : '  ';
}
