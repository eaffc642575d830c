// The one HTML escaper of the reports page: every value that reaches its markup, in text or in a
// quoted attribute, goes through `escapeHtml`. Shared by the Node renderer and the page script.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // The HTML parser drops U+0000 in text and turns `&#0;` into U+FFFD: show the replacement at once.
  '\u0000': '\uFFFD',
};

/** `&`, `<`, `>`, `"`, `'` as entities and NUL as U+FFFD: safe in text and in a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'\u0000]/g, (c) => ENTITIES[c]);
}
