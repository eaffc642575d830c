// The words of a refusing server: RFC 9457 problem details (`title`, `detail`) from an
// application/problem+json body, else a short plain-text body. Control characters are removed and
// lengths capped, because these strings are shown and recorded.

export interface ProblemWords {
  title?: string;
  detail?: string;
}

const MAX_TITLE = 200;
const MAX_DETAIL = 500;

function clean(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const flat = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat === '') return undefined;
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function problemWords(headers: Readonly<Record<string, string>>, body: string): ProblemWords {
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      const data: unknown = JSON.parse(body);
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        const record = data as Record<string, unknown>;
        const title = clean(record.title, MAX_TITLE);
        const detail = clean(record.detail, MAX_DETAIL);
        if (title !== undefined || detail !== undefined) {
          return { ...(title === undefined ? {} : { title }), ...(detail === undefined ? {} : { detail }) };
        }
      }
    } catch {
      // not JSON after all: fall through to the text
    }
  }
  if (type.startsWith('text/plain') || type === '') {
    const detail = clean(body, MAX_DETAIL);
    return detail === undefined ? {} : { detail };
  }
  return {};
}

/** "Title — detail", "Title", "detail", or undefined. */
export function problemSentence(words: ProblemWords): string | undefined {
  if (words.title !== undefined && words.detail !== undefined) return `${words.title} — ${words.detail}`;
  return words.title ?? words.detail;
}
