/**
 * JSON-lines messages a driver script (resources/python) prints on stdout: progress, log lines, one result, or an
 * error with a hint; the script takes one JSON file argument and exits 0 only on success.
 */
export type DriverMessage =
  | { type: 'progress'; stage?: string; done: number; total: number; message?: string }
  | { type: 'log'; level?: 'info' | 'warning' | 'error'; message: string }
  | { type: 'result'; [key: string]: unknown }
  | { type: 'error'; message: string; hint?: string }
  | { type: 'artifact'; kind: string; path: string };

/** Parses one stdout line; anything that is not a protocol message is plain log text. */
export function parseDriverLine(line: string): DriverMessage | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const msg = value as Record<string, unknown>;
  switch (msg.type) {
    case 'progress':
      return typeof msg.done === 'number' && typeof msg.total === 'number' ? (msg as DriverMessage) : null;
    case 'log':
    case 'error':
      return typeof msg.message === 'string' ? (msg as DriverMessage) : null;
    case 'artifact':
      return typeof msg.kind === 'string' && typeof msg.path === 'string' ? (msg as DriverMessage) : null;
    case 'result':
      return msg as DriverMessage;
    default:
      return null;
  }
}

const TQDM = /(\d+)%\|[^|]*\|\s*(\d+)\/(\d+)/;

/** tqdm writes `desc:  45%|████▌     | 45/100 [...]` to stderr, separated by carriage returns. */
export function parseTqdm(fragment: string): { done: number; total: number } | null {
  const m = TQDM.exec(fragment);
  return m ? { done: Number(m[2]), total: Number(m[3]) } : null;
}
