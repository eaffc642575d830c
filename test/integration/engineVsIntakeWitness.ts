// Keeps every text a run produced (engine results and their words, progress, ledger files, intake
// log lines) and finds the API token in any of them: as is, URL-encoded, or inside base64 (any
// alignment, standard or URL-safe alphabet), which is how it would hide in a ledger's `bytes`.

/** The strings whose presence means the token leaked. */
export function tokenForms(token: string): string[] {
  const forms = new Set([token, encodeURIComponent(token), `Bearer ${token}`]);
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(token, 'utf8')]).toString('base64');
    // The first group mixes in the padding bytes (when shifted); the last may mix in what follows.
    const stable = encoded.slice(shift === 0 ? 0 : 4, encoded.length - 4);
    forms.add(stable);
    forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= 8);
}

export interface Leak {
  label: string;
  form: string;
  excerpt: string;
}

export class OutputWitness {
  private readonly texts: { label: string; text: string }[] = [];

  record(label: string, value: unknown): void {
    const text =
      typeof value === 'string'
        ? value
        : (JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)) ?? '');
    this.texts.push({ label, text });
  }

  get count(): number {
    return this.texts.length;
  }

  get characters(): number {
    return this.texts.reduce((sum, t) => sum + t.text.length, 0);
  }

  labels(): Set<string> {
    return new Set(this.texts.map((t) => t.label));
  }

  leaks(token: string): Leak[] {
    const forms = tokenForms(token);
    const found: Leak[] = [];
    for (const { label, text } of this.texts) {
      for (const form of forms) {
        const at = text.indexOf(form);
        if (at >= 0) found.push({ label, form, excerpt: text.slice(Math.max(0, at - 60), at + form.length + 60) });
      }
    }
    return found;
  }
}
