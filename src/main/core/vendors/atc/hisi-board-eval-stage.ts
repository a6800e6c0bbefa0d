import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EvalParamsSchema } from '../../../../shared/contract';
import { UserError } from '../../errors/user-error';
import { recordEvaluation } from '../../eval/record-evaluation';
import { runEvaluation } from '../../eval/run-evaluation';
import { DETRESULT_SUFFIX } from '../../metrics/detresult-files';
import { defineStageKind } from '../../pipeline/stage-kind';
import { resolveIn, stageWorkDir } from '../../pipeline/stages/toolchain-stage';
import type { ToolOutcome } from '../../toolchains/tool-process';
import { DriverError } from '../../toolchains/python-driver';
import { atcBuildInRun } from './atc-variant';
import { HisiBoardEvalParamsSchema } from './hisi-board-eval-params';
import { boardLink } from './hisi-board-link';
import { nfsTransfer, scpTransfer } from './hisi-board-transfer';
import { replayHisiBoardEval } from './hisi-board-replay';
import { datasetImages, stageUpload } from './hisi-board-upload';
import {
  parseProbe,
  PROBE_COMMAND,
  remoteCommands,
  remoteLayout,
  type Runner,
  runnerCheckCommand,
  runnerTiming,
} from './hisi-runner';

function runnerFailed(o: ToolOutcome, where: string, runnerDir: string): UserError {
  const signal = Object.entries(os.constants.signals).find(([, n]) => n === o.exitCode - 128)?.[0];
  const cause =
    [...o.lines].reverse().find((l) => /error|fail|fault|not found|denied/i.test(l)) ?? o.lines.at(-1) ?? 'no output';
  return new UserError(
    `The runner on the board ${where} exited with code ${o.exitCode}${signal ? ` (${signal})` : ''}: ${cause.trim()}`,
    `See the stage log for its output; run the same command on the board in ${runnerDir} to debug it.`,
    'failed',
  );
}

const runnerMissing = (code: number, where: string, runner: Runner) =>
  new UserError(
    code === 3
      ? `The runner folder ${runner.dir} does not exist on the board ${where}`
      : `The runner ${runner.command[0]} is not in ${runner.dir} on the board ${where} (or not executable)`,
    'Copy the sample to the board and build it (modelzoo README: cmake, make, chmod +x main), or set runner.dir ' +
      "(relative to the login's home) and runner.command.",
    'invalid_input',
  );

const missingResults = (where: string, results: string) =>
  new UserError(
    `The runner on the board ${where} wrote no *${DETRESULT_SUFFIX} files into ${results}`,
    "Check the runner's output in the stage log; set runner.results to the folder it writes them into, " +
      'or pass {output} to it in runner.command.',
    'failed',
  );

/**
 * HiSilicon board AP: copies the .om and the images to the board with scp, runs the SDK/modelzoo sample runner
 * over ssh, fetches its *_detResult.txt files and scores them with the workbench's COCOeval; the record's latency is
 * the runner's own `time:` line.
 */
export const hisiBoardEvalStage = defineStageKind({
  kind: 'hisi-board-eval',
  title: 'HiSilicon board AP',
  description:
    'Runs the .om on a HiSilicon board over ssh/scp with the sample runner (detResult files) and computes COCO AP ' +
    'and board latency.',
  params: HisiBoardEvalParamsSchema,
  async run(ctx, p) {
    const model = resolveIn(ctx, p.model);
    if (!existsSync(model))
      throw new UserError(`The .om ${model} does not exist`, 'Build it first (convert-atc).', 'invalid_input');
    const build = atcBuildInRun(
      ctx.config,
      ctx.stageIndex,
      p.model.startsWith('artifact:') ? p.model : model,
      ctx.baseDir,
    );
    const workDir = await stageWorkDir(ctx, 'hisi-board');
    const run = {
      signal: ctx.signal,
      timeoutMs: p.timeoutSec ? p.timeoutSec * 1000 : undefined,
      onLog: (t: string, s: 'stdout' | 'stderr') => ctx.log(t, s),
    };
    const link = boardLink(p.board, run);
    const where = link.where;
    const transfer = p.board.nfs ? nfsTransfer(p.board.nfs, link) : scpTransfer(link);

    // The dataset is checked before the board is: a bad dataset fails in a second, without a network round trip.
    const images = await datasetImages(ctx.baseDir, p);
    ctx.progress(0, 5, 'connecting to the board');
    const probe = parseProbe((await link.ssh(PROBE_COMMAND, 'connecting', p.board.connectTimeoutSec * 3000)).lines);
    const check = await link.ssh(runnerCheckCommand(p.runner), 'looking for the runner');
    if (check.exitCode !== 0) throw runnerMissing(check.exitCode, where, p.runner);
    const home = transfer.base(probe.home);
    if (!home && !p.remoteDir.startsWith('/'))
      throw new UserError(`The board ${where} did not report its home folder`, 'Set remoteDir to an absolute path.');
    const base = p.remoteDir.startsWith('/') ? p.remoteDir : path.posix.join(home!, p.remoteDir);
    const layout = remoteLayout(path.posix.join(base, `run-${ctx.runId}-stage-${ctx.stageIndex + 1}`));
    const commands = remoteCommands(p.runner, layout);

    ctx.progress(1, 5, `uploading the .om and ${images.length} images`);
    const upload = await stageUpload(workDir, model, images, layout);
    await transfer.upload(upload, layout.dir);

    ctx.progress(2, 5, `running ${p.runner.command[0]} on the board`);
    let outcome: ToolOutcome;
    try {
      outcome = await link.ssh(commands.run, 'the runner was running');
    } catch (error) {
      // Cancel or timeout killed ssh, which does not stop the runner on the board (no tty): stop it by its PID.
      if (error instanceof DriverError)
        await boardLink(p.board, { timeoutMs: 15_000 })
          .ssh(commands.kill, 'stopping the runner')
          .catch(() => undefined);
      throw error;
    }
    if (outcome.exitCode !== 0) throw runnerFailed(outcome, where, p.runner.dir);
    const timing = runnerTiming(outcome.lines);
    if (!timing) ctx.log('warning: the runner printed no "time: …, fps: …" line; the record has no latency', 'stderr');

    ctx.progress(3, 5, 'fetching the detResult files');
    const fetched = path.join(workDir, 'detresult');
    await rm(fetched, { recursive: true, force: true });
    await transfer.fetch(commands.results, fetched, () => missingResults(where, commands.results));
    if (!existsSync(fetched) || !readdirSync(fetched).some((f) => f.endsWith(DETRESULT_SUFFIX)))
      throw missingResults(where, commands.results);

    ctx.progress(4, 5, 'scoring');
    const report = await runEvaluation(
      EvalParamsSchema.parse({ data: p.data, images: p.images, limit: p.limit, dets: fetched }),
      { baseDir: ctx.baseDir, signal: ctx.signal },
    );
    for (const w of report.warnings) ctx.log(`warning: ${w}`, 'stderr');
    const variant = p.variant ?? build?.variant ?? 'w8a8';
    const soc = p.soc ?? probe.soc ?? build?.soc ?? null;
    await recordEvaluation(
      { ...ctx, stageKind: 'hisi-board-eval' },
      {
        model: { path: model },
        variant,
        variantDetail: p.variant || !build ? { configured: Boolean(p.variant) } : build.variantDetail,
        label: `${variant} .om`,
        runtime: 'hisi-board',
        runtimeDetail: { host: p.board.host, port: p.board.port, soc, runner: p.runner.command.join(' ') },
        dataset: report.datasetFingerprint,
        datasetName: p.data === 'demo' ? 'demo' : path.resolve(ctx.baseDir, p.data),
        preprocess: { by: 'the board runner' },
        latencyMs: timing?.latencyMs ?? null,
        latencyWhere: timing ? 'board' : null,
      },
      report,
    );
    ctx.workspace.metrics.set(ctx.runId, {
      'hisi_board.map': report.map,
      'hisi_board.map50': report.map50,
      'hisi_board.map75': report.map75,
      'hisi_board.images': report.images,
      ...(timing && { 'hisi_board.latency_ms': timing.latencyMs, 'hisi_board.fps': timing.fps }),
    });
    await ctx.workspace.artifacts.write(
      ctx.runId,
      'hisi-board-detections',
      'hisi-board-detections.json',
      JSON.stringify(report.detections),
    );
    // Only now, with the score stored: a link that fails here costs a leftover folder, not the result.
    if (!p.keepRemote)
      await transfer
        .remove(layout.dir)
        .catch((e: Error) => ctx.log(`warning: ${layout.dir} stays on the board: ${e.message}`, 'stderr'));
    ctx.progress(5, 5, 'done');
    ctx.log(
      `board ${where}${soc ? ` (${soc})` : ''}: ${variant} mAP50-95 ${report.map.toFixed(4)}  ` +
        `mAP50 ${report.map50.toFixed(4)} on ${report.images} images` +
        (timing ? `, ${timing.latencyMs.toFixed(2)} ms/image (board)` : ''),
    );
  },
  replay: replayHisiBoardEval,
});
