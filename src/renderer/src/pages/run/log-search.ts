/** One occurrence of the search text: the line (index in the shown lines) and where in it. */
export interface LogMatch {
  line: number;
  start: number;
}

/** More matches than this are not worth counting one by one; the count says "10,000+". */
export const MAX_MATCHES = 10_000;

/** Every case-insensitive occurrence of `query` in `texts`, in order (non-overlapping), at most MAX_MATCHES. */
export function findMatches(texts: readonly string[], query: string): { matches: LogMatch[]; capped: boolean } {
  const matches: LogMatch[] = [];
  if (!query) return { matches, capped: false };
  const q = query.toLowerCase();
  for (let line = 0; line < texts.length; line++) {
    const text = texts[line].toLowerCase();
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) {
      if (matches.length === MAX_MATCHES) return { matches, capped: true };
      matches.push({ line, start: at });
    }
  }
  return { matches, capped: false };
}

/** A line cut into plain and matching pieces, for rendering matches as <mark>. */
export function splitByMatches(text: string, query: string): { text: string; start: number; match: boolean }[] {
  if (!query) return [{ text, start: 0, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const parts: { text: string; start: number; match: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), start: from, match: false });
    parts.push({ text: text.slice(at, at + q.length), start: at, match: true });
    from = at + q.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from), start: from, match: false });
  return parts;
}

/** The match Enter (step 1) or Shift+Enter (step -1) goes to, wrapping at both ends; -1 is "none chosen yet". */
export function stepMatch(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
