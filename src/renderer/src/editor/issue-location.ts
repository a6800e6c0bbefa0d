/** Where an issue is, in the words of the editor's users: "stage 2 › calib" for the 0-based path "stages.1.calib". */
export function issueLocation(path: string): string {
  const m = /^stages\.(\d+)(?:\.(.*))?$/.exec(path);
  if (!m) return path;
  return `stage ${Number(m[1]) + 1}${m[2] ? ` › ${m[2]}` : ''}`;
}
