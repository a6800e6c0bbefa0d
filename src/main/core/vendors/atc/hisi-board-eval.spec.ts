import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_HISI_BIN, fakeHisiBoard, FAKE_RUNNER_DIR } from '../../../../../test/fakes/fake-hisi-board';
import { FAKE_BIN } from '../../../../../test/fakes/fake-toolchains';
import { HOSTILE_STRINGS } from '../../../../../test/support/hostile-strings';
import { useTempCore } from '../../../../../test/support/temp-core';
import { SYSTEM_PYTHON, tempDir } from '../../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../../data/demo-dataset';
import { demoModelPath } from '../../eval/run-evaluation';
import { parseProbe, remoteCommands, remoteLayout, RunnerSchema, runnerTiming } from './hisi-runner';

const t = useTempCore(async ({ dir }) => {
  await writeDemoDataset(path.join(dir, 'data'), { train: 0, val: 3 });
  const atc = path.join(FAKE_BIN, 'atc');
  const model = demoModelPath();
  execFileSync(SYSTEM_PYTHON, [
    atc,
    `--model=${model}`,
    '--framework=5',
    `--output=${dir}/demo`,
    '--soc_version=SS928V100',
  ]);
});

const stage = `  - kind: hisi-board-eval
    model: demo.om
    data: data
    board: {host: root@127.0.0.1, port: 2222, connectTimeoutSec: 5}
    runner: {dir: ${FAKE_RUNNER_DIR}}
`;

/** Starts a run of `stages` with the fake board's ssh/scp first on PATH (and the given fake modes). */
function startRun(stages: string, env: Record<string, string>): { id: number; done: Promise<unknown> } {
  Object.assign(process.env, env);
  const { id } = t.core.handlers['runs:create']({ configText: `name: board\nstages:\n${stages}`, start: false }) as {
    id: number;
  };
  t.core.runner.start(id, { baseDir: t.dir });
  return { id, done: t.core.runner.whenDone(id) };
}

async function runToEnd(stages: string, env: Record<string, string>) {
  const saved = { ...process.env };
  try {
    const { id, done } = startRun(stages, env);
    await done;
    return t.core.handlers['runs:get']({ id }) as { id: number; status: string; error: string | null };
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    process.env.PATH = saved.PATH;
  }
}

describe('hisi-board-eval failures (fake board)', () => {
  it('a board that refuses the connection: a clear message, nothing stored', async () => {
    const board = fakeHisiBoard();
    const run = await runToEnd(stage, { ...board.env, FAKE_HISI_BOARD_MODE: 'refused' });
    expect(run.status).toBe('failed');
    expect(run.error).toContain(
      'Cannot reach the board root@127.0.0.1 (port 2222) over ssh: ssh: connect to host 127.0.0.1 port 2222: ' +
        'Connection refused',
    );
    expect(t.ws.evaluations.list([run.id])).toEqual([]);
  });

  it('a board without the runner: said before anything is uploaded', async () => {
    const board = fakeHisiBoard();
    let run = await runToEnd(stage.replace(FAKE_RUNNER_DIR, 'modelzoo/yolov8s/out'), board.env);
    expect(run.error).toContain('The runner folder modelzoo/yolov8s/out does not exist on the board root@127.0.0.1');
    run = await runToEnd(stage.replace('runner: {', 'runner: {command: [./main_v2], '), board.env);
    expect(run.error).toContain(`The runner ./main_v2 is not in ${FAKE_RUNNER_DIR} on the board root@127.0.0.1`);
    expect(existsSync(path.join(board.root, 'npu-workbench'))).toBe(false);
  });

  it('a runner that crashes: its exit code and signal, and the line it printed last', async () => {
    const board = fakeHisiBoard();
    const run = await runToEnd(stage, { ...board.env, FAKE_HISI_RUNNER_MODE: 'crash' });
    expect(run.error).toMatch(
      /The runner on the board root@127\.0\.0\.1 \(port 2222\) exited with code 139 \(SIGSEGV\)/,
    );
  });

  it('a runner that writes no detResult file', async () => {
    const board = fakeHisiBoard();
    const run = await runToEnd(stage, { ...board.env, FAKE_HISI_RUNNER_MODE: 'no-results' });
    expect(run.error).toMatch(/wrote no \*_detResult\.txt files into \/.*\/run-\d+-stage-1\/output/);
  });

  it('a board that vanishes while the runner runs: says so, and keeps what earlier stages stored', async () => {
    const board = fakeHisiBoard();
    const host = `  - {kind: eval, model: ${JSON.stringify(demoModelPath())}, data: data}\n`;
    const run = await runToEnd(host + stage, { ...board.env, FAKE_HISI_BOARD_VANISH: 'wait \\$!' });
    expect(run.error).toContain(
      'Lost the connection to the board root@127.0.0.1 (port 2222) while the runner was running: ' +
        'Connection to 127.0.0.1 closed by remote host.',
    );
    expect(t.ws.evaluations.list([run.id]).map((e) => e.runtime)).toEqual(['host-ort']);
    expect(t.ws.metrics.get(run.id).map).toBeGreaterThan(0);
  });

  it('a board that vanishes after the results came back: the score is stored, the leftover folder named', async () => {
    const board = fakeHisiBoard();
    const run = await runToEnd(stage, { ...board.env, FAKE_HISI_BOARD_VANISH: '^rm -rf [^&]*$' });
    expect(run.status).toBe('succeeded');
    expect(t.ws.evaluations.list([run.id]).map((e) => e.runtime)).toEqual(['hisi-board']);
    const log = ((await t.core.dispatch('runs:log', { id: run.id })) as { text: string }[]).map((l) => l.text);
    expect(log.join('\n')).toMatch(/warning: \/.*\/run-\d+-stage-1 stays on the board: Lost the connection/);
  });

  it('copies through an NFS export the board mounts instead of scp', async () => {
    const board = fakeHisiBoard();
    const exported = tempDir('nfs-export-');
    symlinkSync(exported, path.join(board.root, 'mnt'));
    const nfs = `nfs: {local: ${exported}, remote: ${board.root}/mnt}`;
    const run = await runToEnd(
      stage.replace('connectTimeoutSec: 5}', `connectTimeoutSec: 5, scp: /nonexistent/scp, ${nfs}}`),
      board.env,
    );
    expect(run.error).toBeNull();
    const [record] = t.ws.evaluations.list([run.id]);
    expect(record).toMatchObject({ runtime: 'hisi-board', images: 3 });
    expect(record.stats[0]).toBeGreaterThan(0.3);
    // The upload went into the export (under remoteDir) and was removed afterwards.
    expect(readdirSync(path.join(exported, 'npu-workbench'))).toEqual([]);
  });

  it('cancel stops the runner on the board', async () => {
    const board = fakeHisiBoard();
    const saved = process.env.PATH;
    const { id, done } = startRun(stage, { ...board.env, FAKE_HISI_RUNNER_MODE: 'hang' });
    const uploads = path.join(board.root, 'npu-workbench');
    const pidFile = () =>
      (existsSync(uploads) ? readdirSync(uploads) : [])
        .map((d) => path.join(uploads, d, 'runner.pid'))
        .find(existsSync);
    while (!pidFile()?.length || !readFileSync(pidFile()!, 'utf8').trim()) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile()!, 'utf8'));
    t.core.runner.cancel(id);
    await done;
    process.env.PATH = saved;
    expect((t.core.handlers['runs:get']({ id }) as { status: string }).status).toBe('cancelled');
    const alive = () => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });
});

describe('board runner command line', () => {
  it('reaches the runner with every argument and environment value as written (quoted for the board sh)', () => {
    const board = fakeHisiBoard();
    const words = HOSTILE_STRINGS.filter(Boolean);
    const line = (command: string[], env: Record<string, string> = {}) =>
      execFileSync(
        path.join(FAKE_HISI_BIN, 'ssh'),
        [
          '-o',
          'BatchMode=yes',
          'root@board',
          remoteCommands({ dir: "it's here", command, env, results: '{output}' }, remoteLayout(`${board.root}/up load`))
            .run,
        ],
        { env: { ...process.env, ...board.env }, encoding: 'utf8', cwd: board.root },
      );
    execFileSync('mkdir', ['-p', path.join(board.root, "it's here")]);
    expect(line(['printf', '[%s]\\n', ...words])).toBe(words.map((w) => `[${w}]\n`).join(''));
    expect(line(['sh', '-c', 'printf %s "$X"'], { X: words.join('|') })).toBe(words.join('|'));
    expect(line(['printf', '%s', '{model} {output}'])).toBe(
      `${board.root}/up load/model.om ${board.root}/up load/output`,
    );
  });
});

describe('board runner settings', () => {
  it('checks placeholders and result folders before anything reaches the board', () => {
    expect(RunnerSchema.parse({ dir: 'out', results: '{output}/txt' }).command[0]).toBe('./main');
    expect(RunnerSchema.safeParse({ dir: 'out', results: 'my results' }).success).toBe(false);
    const typo = RunnerSchema.safeParse({ dir: 'out', command: ['./main', '--model', '{modle}'] });
    expect(typo.error?.issues[0].message).toMatch(/^unknown placeholder; use \{model\} the \.om/);
  });
});

describe('board runner output', () => {
  it('reads the SVP sample time line (µs over all frames) and the NNN one', () => {
    expect(runnerTiming(['[INFO]  time: 2346076, fps: 42.624365'])!.latencyMs).toBeCloseTo(23.46, 2);
    expect(runnerTiming(['execution time: 38.14ms, frame rate: 26.22fps'])).toEqual({
      latencyMs: 38.14,
      fps: 1000 / 38.14,
    });
    expect(runnerTiming(['no timing here'])).toBeNull();
  });

  it("reads the board's home and SoC from the probe (/proc/umap/sys)", () => {
    expect(parseProbe(['/root', '[SYS] Version: [SS928V100XXXXXXXXX]'])).toEqual({ home: '/root', soc: 'SS928V100' });
    expect(parseProbe(['/home/hi'])).toEqual({ home: '/home/hi', soc: null });
  });
});
