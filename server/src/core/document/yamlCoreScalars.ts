// Scalars of the YAML fast path, resolved exactly as the `yaml` package's 1.2 core schema does:
// the same tests in the same order and the same number functions (parseInt, parseFloat), and the
// same double-quoted escapes. `undefined` means "not certain": the caller declines the text.

const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * The value of a plain scalar (non-empty, already trimmed). Undefined for the values JSON cannot
 * represent (.nan, .inf, numbers that overflow), which the slow path reports.
 */
export function resolvePlainScalar(text: string): string | number | boolean | null | undefined {
  const c = text.charCodeAt(0);
  // Most values start with a letter that no core tag can start with: a string, without a regex.
  const digitOrSign = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!digitOrSign && c !== 0x7e && c !== 0x6e && c !== 0x4e && c !== 0x74 && c !== 0x54 && c !== 0x66 && c !== 0x46) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return c === 0x74 || c === 0x54;
  if (!digitOrSign) return text;
  let n: number;
  if (INT_OCT.test(text)) n = parseInt(text.substring(2), 8);
  else if (INT.test(text)) n = parseInt(text, 10);
  else if (INT_HEX.test(text)) n = parseInt(text.substring(2), 16);
  else if (FLOAT_NAN.test(text)) return undefined;
  else if (FLOAT_EXP.test(text) || FLOAT.test(text)) n = parseFloat(text);
  else return text;
  return Number.isFinite(n) ? n : undefined;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The value of a one-line double-quoted scalar whose body (between the quotes) is
 * `text.slice(start, end)`; undefined for an escape the `yaml` package would report.
 */
export function unescapeDoubleQuoted(text: string, start: number, end: number): string | undefined {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 0x5c) continue;
    out += text.slice(from, i);
    const next = text[i + 1];
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else {
      const digits = HEX_DIGITS[next];
      if (digits === undefined || i + 2 + digits > end) return undefined;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += 1 + digits;
    }
    from = i + 1;
  }
  return out + text.slice(from, end);
}
