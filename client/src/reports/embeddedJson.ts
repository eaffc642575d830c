// JSON that can sit inside `<script type="application/json">` whatever its strings hold: `<`, `>`
// and `&` become \u003c, \u003e, \u0026 (so `</script>` or `<!--` in a value cannot end or change
// the element), and U+2028/U+2029 become escapes (so the text is also valid JavaScript). The JSON
// value is unchanged: `JSON.parse` of the element's text gives back exactly what was embedded.

const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

export function jsonForScriptElement(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('jsonForScriptElement: the value has no JSON form');
  return json.replace(UNSAFE, (c) => ESCAPES[c]);
}
