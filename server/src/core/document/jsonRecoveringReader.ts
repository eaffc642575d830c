// The strict JSON reading of jsonc-parser's `visit` (no comments, no trailing commas, no empty
// text), driven here straight over jsonc-parser's own scanner: the same tokens, the same errors at
// the same tokens, the same recovery (what each error skips to), the same events in the same
// order. `visit` wraps every event in closures that also track a JSON path and each token's line
// and column, which strict reading never asks for; on a large file that bookkeeping was as costly
// as the scanning itself. The differential tests hold the result to `parseTree` exactly.

import { createScanner, type JSONScanner, type ParseErrorCode } from 'jsonc-parser';

/** What a reader reports: `visit`'s events, with the offsets and lengths of their tokens. */
export interface JsonEvents {
  onObjectBegin(offset: number): void;
  onObjectProperty(key: string, offset: number, length: number): void;
  onObjectEnd(offset: number, length: number): void;
  onArrayBegin(offset: number): void;
  onArrayEnd(offset: number, length: number): void;
  onLiteralValue(value: string | number | boolean | null, offset: number, length: number): void;
  onComma(): void;
  onError(error: ParseErrorCode, offset: number, length: number): void;
}

// jsonc-parser's SyntaxKind, ScanError and ParseErrorCode are `const enum`s, which the bundler
// cannot inline: their values here.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const STRING = 10;
const NUMBER = 11;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const UNKNOWN = 16;
const EOF = 17;

/** A scanner error → the parse error it is reported as (an unterminated comment: as the comment token). */
const SCAN_ERRORS: Record<number, number> = { 2: 12, 3: 13, 4: 14, 5: 15, 6: 16 };
const INVALID_SYMBOL = 1;
const INVALID_NUMBER_FORMAT = 2;
const PROPERTY_NAME_EXPECTED = 3;
const VALUE_EXPECTED = 4;
const COLON_EXPECTED = 5;
const COMMA_EXPECTED = 6;
const CLOSE_BRACE_EXPECTED = 7;
const CLOSE_BRACKET_EXPECTED = 8;
const END_OF_FILE_EXPECTED = 9;
const INVALID_COMMENT_TOKEN = 10;

const NONE: readonly number[] = [];
const OBJECT_RESUME: readonly number[] = [CLOSE_BRACE, COMMA];
const ARRAY_RESUME: readonly number[] = [CLOSE_BRACKET, COMMA];
const AFTER_CLOSE_BRACE: readonly number[] = [CLOSE_BRACE];
const AFTER_CLOSE_BRACKET: readonly number[] = [CLOSE_BRACKET];

/** Reads `text` as strict JSON, reporting to `events`. Nesting must be bounded first: this recurses per level. */
export function readJsonWithRecovery(text: string, events: JsonEvents): void {
  new Reader(text, events).document();
}

class Reader {
  private readonly scanner: JSONScanner;
  private token = UNKNOWN;

  constructor(
    text: string,
    private readonly events: JsonEvents,
  ) {
    this.scanner = createScanner(text, false);
  }

  document(): void {
    this.next();
    if (this.token === EOF) return this.error(VALUE_EXPECTED);
    if (!this.value()) return this.error(VALUE_EXPECTED);
    if (this.token !== EOF) this.error(END_OF_FILE_EXPECTED);
  }

  /** The next token that is not a blank, reporting comments, unknown symbols and scanner errors on the way. */
  private next(): number {
    const scanner = this.scanner;
    for (;;) {
      const token = scanner.scan();
      const scanError = SCAN_ERRORS[scanner.getTokenError()];
      if (scanError !== undefined) this.error(scanError);
      if (token === LINE_COMMENT || token === BLOCK_COMMENT) this.error(INVALID_COMMENT_TOKEN);
      else if (token === UNKNOWN) this.error(INVALID_SYMBOL);
      else if (token !== TRIVIA && token !== LINE_BREAK) return (this.token = token);
    }
  }

  /** Reports `code` on the current token, then skips to a token of `until` (kept) or past one of `after`. */
  private error(code: number, until: readonly number[] = NONE, after: readonly number[] = NONE): void {
    this.events.onError(code as ParseErrorCode, this.scanner.getTokenOffset(), this.scanner.getTokenLength());
    if (until.length + after.length === 0) return;
    while (this.token !== EOF) {
      if (after.includes(this.token)) {
        this.next();
        return;
      }
      if (until.includes(this.token)) return;
      this.next();
    }
  }

  private value(): boolean {
    switch (this.token) {
      case OPEN_BRACKET:
        return this.array();
      case OPEN_BRACE:
        return this.object();
      case STRING:
        this.literal(this.scanner.getTokenValue());
        return true;
      case NUMBER: {
        let value = Number(this.scanner.getTokenValue());
        if (Number.isNaN(value)) {
          this.error(INVALID_NUMBER_FORMAT);
          value = 0;
        }
        this.literal(value);
        return true;
      }
      case NULL:
        this.literal(null);
        return true;
      case TRUE:
        this.literal(true);
        return true;
      case FALSE:
        this.literal(false);
        return true;
      default:
        return false;
    }
  }

  private literal(value: string | number | boolean | null): void {
    this.events.onLiteralValue(value, this.scanner.getTokenOffset(), this.scanner.getTokenLength());
    this.next();
  }

  private property(): boolean {
    const scanner = this.scanner;
    if (this.token !== STRING) {
      this.error(PROPERTY_NAME_EXPECTED, OBJECT_RESUME);
      return false;
    }
    this.events.onObjectProperty(scanner.getTokenValue(), scanner.getTokenOffset(), scanner.getTokenLength());
    if (this.next() !== COLON) {
      this.error(COLON_EXPECTED, OBJECT_RESUME);
      return true;
    }
    this.next();
    if (!this.value()) this.error(VALUE_EXPECTED, OBJECT_RESUME);
    return true;
  }

  private object(): boolean {
    this.events.onObjectBegin(this.scanner.getTokenOffset());
    this.elements(CLOSE_BRACE, this.readProperty, OBJECT_RESUME);
    this.events.onObjectEnd(this.scanner.getTokenOffset(), this.scanner.getTokenLength());
    this.close(CLOSE_BRACE, CLOSE_BRACE_EXPECTED, AFTER_CLOSE_BRACE);
    return true;
  }

  private array(): boolean {
    this.events.onArrayBegin(this.scanner.getTokenOffset());
    this.elements(CLOSE_BRACKET, this.readValue, ARRAY_RESUME);
    this.events.onArrayEnd(this.scanner.getTokenOffset(), this.scanner.getTokenLength());
    this.close(CLOSE_BRACKET, CLOSE_BRACKET_EXPECTED, AFTER_CLOSE_BRACKET);
    return true;
  }

  private readonly readProperty = (): boolean => this.property();
  private readonly readValue = (): boolean => this.value();

  /**
   * From the opening bracket to `close` (or the end of the text): each element read by `element`,
   * with the commas between them; a missing one is reported, and an element that cannot be read
   * skips to a token of `resume`.
   */
  private elements(close: number, element: () => boolean, resume: readonly number[]): void {
    this.next();
    let needsComma = false;
    while (this.token !== close && this.token !== EOF) {
      if (this.token === COMMA) {
        if (!needsComma) this.error(VALUE_EXPECTED);
        this.events.onComma();
        this.next();
      } else if (needsComma) {
        this.error(COMMA_EXPECTED);
      }
      if (!element()) this.error(VALUE_EXPECTED, resume);
      needsComma = true;
    }
  }

  /** The closing bracket, or `code` reported where it should be (skipping past a later one). */
  private close(token: number, code: number, after: readonly number[]): void {
    if (this.token !== token) this.error(code, NONE, after);
    else this.next();
  }
}
