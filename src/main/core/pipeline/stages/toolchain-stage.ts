import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ensureDemoDataset } from '../../data/demo-dataset';
import { listImages } from '../../data/image-decode';
import { demoModelPath } from '../../eval/run-evaluation';
import { UserError } from '../../errors/user-error';
import type { ConvertOutcome, ToolRun } from '../../toolchains/backend';
import { resolvePython } from '../../toolchains/python-locate';
import { runWorkDir } from '../run-base-dir';
import type { StageContext } from '../stage-kind';

/** Calibration (or analysis) images: a folder or a list file, and how many to take, evenly spaced. */
export const ImageSelectionSchema = z
  .object({
    images: z.string().min(1),
    count: z.number().int().positive().max(10_000).default(20),
  })
  .strict();
export type ImageSelection = z.output<typeof ImageSelectionSchema>;

export const timeoutParam = z
  .number()
  .positive()
  .max(7 * 24 * 3600)
  .optional();

/**
 * A path in a stage's params: relative to the run config's folder, or `artifact:KIND` for the newest
 * artifact of that kind an earlier stage of this run stored (e.g. `artifact:qdq-model` from `analyse`).
 */
export function resolveIn(ctx: StageContext, file: string): string {
  if (!file.startsWith('artifact:')) return path.resolve(ctx.baseDir, file);
  const kind = file.slice('artifact:'.length);
  const found = ctx.workspace.artifacts
    .list(ctx.runId)
    .filter((a) => a.kind === kind)
    .at(-1);
  if (!found)
    throw new UserError(
      `No ${kind} artifact in run ${ctx.runId} yet`,
      `Add the stage that writes it (e.g. analyse for qdq-model) before this one.`,
      'invalid_input',
    );
  return path.resolve(ctx.workspace.dir, found.path);
}

/**
 * A model, dataset or image folder param that may name the embedded demo project (`demo`: the demo detector, its
 * dataset, its training images for calibration), else a path as resolveIn reads it.
 */
export async function resolveDemoIn(
  ctx: StageContext,
  file: string,
  role: 'model' | 'data' | 'images',
): Promise<string> {
  if (file !== 'demo') return resolveIn(ctx, file);
  if (role === 'model') return demoModelPath();
  const data = await ensureDemoDataset();
  return role === 'data' ? data : path.join(data, 'images', 'train');
}

/** Deterministic pick: sorted images, `count` of them evenly spaced (the same images every re-run). */
export async function selectImages(ctx: StageContext, selection: ImageSelection): Promise<string[]> {
  const source = await resolveDemoIn(ctx, selection.images, 'images');
  if (!existsSync(source))
    throw new UserError(
      `Calibration images not found: ${source}`,
      'Set images: to a folder of images or a text file with one image path per line.',
      'invalid_input',
    );
  let all: string[];
  if (statSync(source).isDirectory()) all = await listImages(source);
  else {
    const lines = (await readFile(source, 'utf8')).split(/\r?\n/);
    all = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const file = path.resolve(path.dirname(source), line.trim());
      if (!existsSync(file))
        throw new UserError(
          `${source}:${i + 1}: image not found: ${line.trim()}`,
          'Fix or remove the line.',
          'invalid_input',
        );
      all.push(file);
    });
  }
  if (all.length === 0)
    throw new UserError(
      `No images in ${source}`,
      'Add jpg/png/bmp images, or point to another folder.',
      'invalid_input',
    );
  const n = Math.min(selection.count, all.length);
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);
}

/** A folder for the stage's side files: <workspace>/work/run-<id>/<index>-<kind>. */
export async function stageWorkDir(ctx: StageContext, kind: string): Promise<string> {
  const dir = path.join(runWorkDir(ctx.workspace, ctx.runId), `${ctx.stageIndex}-${kind}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** How backends report into the stage; the settings' vendor runtime dirs go on PATH and LD_LIBRARY_PATH. */
export function toolRun(ctx: StageContext, timeoutSec?: number): ToolRun {
  const extra = ctx.settings.vendorRuntimeDirs;
  const env: Record<string, string> = {};
  if (extra.length) {
    env.PATH = [...extra, process.env.PATH ?? ''].join(path.delimiter);
    env.LD_LIBRARY_PATH = [...extra, process.env.LD_LIBRARY_PATH ?? ''].filter(Boolean).join(path.delimiter);
  }
  return {
    python: resolvePython(ctx.settings),
    signal: ctx.signal,
    timeoutMs: timeoutSec ? timeoutSec * 1000 : undefined,
    env,
    onLog: (text, stream) => ctx.log(text, stream),
    onProgress: (done, total, message) => ctx.progress(done, total, message),
  };
}

/** Stores a conversion's metrics and artifacts with the run and logs its notes. */
export async function storeConvertOutcome(ctx: StageContext, outcome: ConvertOutcome): Promise<void> {
  for (const note of outcome.notes) ctx.log(note);
  if (Object.keys(outcome.metrics).length) ctx.workspace.metrics.set(ctx.runId, outcome.metrics);
  for (const a of outcome.artifacts) {
    const stored = await ctx.workspace.artifacts.importFile(ctx.runId, a.kind, a.path);
    ctx.log(`artifact ${a.kind}: ${stored.path} (${stored.bytes} bytes)`);
  }
}
