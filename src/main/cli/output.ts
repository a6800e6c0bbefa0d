/** `--json` prints exactly one JSON document on stdout and nothing else. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Minimal fixed-width table for human output. */
export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  for (const row of cells)
    process.stdout.write(
      `${row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
}

/** Progress on stderr, only when a person is watching (a TTY); never mixes with --json stdout. */
export function createProgressLine(enabled = process.stderr.isTTY === true): {
  update(label: string, done: number, total: number): void;
  done(): void;
} {
  let last = '';
  return {
    update(label, done, total) {
      if (!enabled) return;
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total}`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
    },
    done() {
      if (enabled && last) process.stderr.write('\n');
      last = '';
    },
  };
}
