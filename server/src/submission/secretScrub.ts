// Keeps secrets out of every string the engine hands on (ledger lines, outcomes, progress,
// errors): each occurrence of the token, and of its URL-encoded and base64 forms, becomes
// "[redacted]". A server that echoes the Authorization header cannot leak it through us either.

export type Scrub = (text: string) => string;

export const REDACTED = '[redacted]';

export function secretScrubber(secrets: readonly (string | undefined)[]): Scrub {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret, 'utf8').toString('base64'));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].filter((f) => f !== '').sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}
