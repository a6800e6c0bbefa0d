/**
 * A stored error (a failed stage or run) keeps its fix inside the one text the UI shows, in a form the CLI can
 * split back out for its `fix:` line: `<what failed> [fix: <what to do>]`.
 */
export function withFix(message: string, fix: string | undefined): string {
  return fix ? `${message} [fix: ${fix}]` : message;
}

export function splitFix(text: string): { message: string; fix: string | null } {
  const m = /^([\s\S]*?) \[fix: ([\s\S]*)\]$/.exec(text);
  return m ? { message: m[1]!, fix: m[2]! } : { message: text, fix: null };
}
