import path from 'node:path';
import { z } from 'zod';
import { shJoin, shQuote } from '../../board/shell-quote';

/** The HiSpark modelzoo yolov8 sample's command line (run from the sample's `out/`), with the workbench's files. */
export const DEFAULT_RUNNER_COMMAND = [
  './main',
  '--acl',
  '../src/acl.json',
  '--model',
  '{model}',
  '--input',
  '{input}',
  '--output',
  '{output}',
];
const PLACEHOLDERS = ['model', 'input', 'output', 'images', 'dir'];
const placeholdersOf = (word: string) => [...word.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
const knownPlaceholders = (word: string) => placeholdersOf(word).every((p) => PLACEHOLDERS.includes(p));
const PLACEHOLDER_HELP =
  '{model} the .om, {input} the JSON list of image paths, {output} the results folder, {images} the images folder, ' +
  '{dir} the upload folder (all absolute paths on the board)';

/** The board-side sample runner: where it runs, its command line template and environment. */
export const RunnerSchema = z
  .object({
    dir: z.string().min(1).describe("folder on the board the runner runs in (the sample's out/, holding main)"),
    command: z
      .array(z.string().min(1).refine(knownPlaceholders, `unknown placeholder; use ${PLACEHOLDER_HELP}`))
      .min(1)
      .default(DEFAULT_RUNNER_COMMAND)
      .describe(`argument list; placeholders: ${PLACEHOLDER_HELP}`),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .default({})
      .describe('environment of the runner, e.g. LD_LIBRARY_PATH of the SDK libraries'),
    results: z
      .string()
      .regex(
        /^(\{(output|dir|images)\})?[A-Za-z0-9._+/-]*$/,
        'a board path ({output}/txt, /root/result …): letters, digits and . _ + - / only',
      )
      .min(1)
      .default('{output}')
      .describe('folder the runner writes its *_detResult.txt files into, e.g. {output}/txt (default: {output})'),
  })
  .strict();
export type Runner = z.output<typeof RunnerSchema>;

/** Where a stage's files live on the board, all under one upload folder. */
export interface RemoteLayout {
  dir: string;
  model: string;
  input: string;
  images: string;
  output: string;
  pid: string;
}

export function remoteLayout(dir: string): RemoteLayout {
  const at = (name: string) => path.posix.join(dir, name);
  return {
    dir,
    model: at('model.om'),
    input: at('file_list.json'),
    images: at('images'),
    output: at('output'),
    pid: at('runner.pid'),
  };
}

/** ssh starts in the login's home, so `~/x` is `x`. */
const runnerDir = (runner: Runner) => runner.dir.replace(/^~\//, '') || '.';

const fill = (word: string, l: RemoteLayout) =>
  word.replace(/\{(\w+)\}/g, (all, name: string) =>
    PLACEHOLDERS.includes(name) ? l[name as keyof RemoteLayout] : all,
  );

/** The command lines sent to the board's sh; every value is quoted. */
export function remoteCommands(runner: Runner, l: RemoteLayout) {
  const env = Object.entries(runner.env).map(([k, v]) => `${k}=${v}`);
  const command = runner.command.map((w) => fill(w, l));
  return {
    /** In the background with its PID noted, so cancel can stop it; `wait` passes its exit code (128+n: signal n). */
    run:
      `cd ${shQuote(runnerDir(runner))} && mkdir -p ${shQuote(l.output)} && ` +
      `{ ${shJoin(env.length ? ['env', ...env, ...command] : command)} & echo $! > ${shQuote(l.pid)}; wait $!; }`,
    kill: `kill $(cat ${shQuote(l.pid)}) 2>/dev/null; true`,
    results: fill(runner.results, l),
  };
}

/** Exit 3: no runner folder; 4: no runner executable in it (a path is tested with -x, a bare name looked up). */
export function runnerCheckCommand(runner: Runner): string {
  const exe = runner.command[0];
  const dir = runnerDir(runner);
  const found = exe.includes('/') ? `test -x ${shQuote(exe)}` : `command -v ${shQuote(exe)} >/dev/null`;
  return `cd ${shQuote(dir)} 2>/dev/null || exit 3; ${found} || exit 4`;
}

/** The board's home (relative upload folders live there) and its SoC from MPP's /proc/umap/sys, when it has one. */
export const PROBE_COMMAND = 'echo "$HOME"; cat /proc/umap/sys 2>/dev/null | head -n 20; true';

export function parseProbe(lines: string[]): { home: string | null; soc: string | null } {
  const home = lines[0]?.trim().startsWith('/') ? lines[0].trim() : null;
  // `[SYS] Version: [SS928V100XXXXXXXXX]` (modelzoo README): the SoC name is the part up to V<3 digits>.
  const soc = lines.map((l) => /Version:\s*\[((?:Hi|SS)\w*?V\d{3})/i.exec(l)?.[1]).find(Boolean) ?? null;
  return { home, soc };
}

/**
 * Board-measured time from the runner's output: the SVP sample's `[INFO]  time: <µs>, fps: <x>` (time over all
 * frames, so a frame takes 1000/fps ms) or the NNN sample's `execution time: 38.14ms, frame rate: 26.22fps`.
 */
export function runnerTiming(lines: string[]): { latencyMs: number; fps: number } | null {
  let frames = 0;
  let micros = 0;
  for (const line of lines) {
    const svp = /\btime:\s*([\d.]+)\s*,\s*fps:\s*([\d.]+)/.exec(line);
    const nnn = /execution time:\s*([\d.]+)\s*ms\b/.exec(line);
    if (svp && Number(svp[2]) > 0) {
      micros += Number(svp[1]);
      frames += (Number(svp[1]) / 1e6) * Number(svp[2]);
    } else if (nnn) {
      micros += Number(nnn[1]) * 1000;
      frames += 1;
    }
  }
  if (!frames) return null;
  const latencyMs = micros / frames / 1000;
  return { latencyMs, fps: 1000 / latencyMs };
}
