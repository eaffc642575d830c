// Placeholder values copied from documentation (`sha256:...`, `sha256:example`, ids ending `...`).

export function isPlaceholder(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.includes('…') || value.endsWith('...')) return true;
  return /^sha256:(example|x+|0+|\.+|<.*>|todo|tbd|placeholder)?$/i.test(value);
}
