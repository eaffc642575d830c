// Collects every string a test produced (results, texts, ledger bytes, progress, errors) and
// checks at the end that the API token is in none of them, in any common encoding.

import assert from 'node:assert/strict';

export class TokenWitness {
  private readonly seen: string[] = [];

  constructor(private readonly token: string) {}

  record(...values: unknown[]): void {
    for (const value of values) {
      this.seen.push(
        typeof value === 'string'
          ? value
          : (JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v)) ?? ''),
      );
    }
  }

  get count(): number {
    return this.seen.length;
  }

  assertClean(): void {
    assert.ok(this.seen.length > 0, 'the witness saw nothing');
    const forms = [this.token, encodeURIComponent(this.token), Buffer.from(this.token).toString('base64')];
    for (const text of this.seen) {
      for (const form of forms) assert.ok(!text.includes(form), `the token leaked into: ${text.slice(0, 300)}`);
    }
  }
}
