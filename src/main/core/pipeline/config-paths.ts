import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { RunConfig, ValidationIssue } from '../../../shared/contract';

/** Stage options that name an input file or folder, and what the user calls it. */
const STAGE_INPUTS: readonly { path: readonly string[]; what: string }[] = [
  { path: ['model'], what: 'model' },
  { path: ['qdqModel'], what: 'QDQ model' },
  { path: ['data'], what: 'dataset' },
  { path: ['calib'], what: 'calibration folder' },
  { path: ['calibration', 'images'], what: 'calibration images' },
  { path: ['inputs', 'images'], what: 'analysis images' },
  { path: ['images'], what: 'images folder' },
  { path: ['script'], what: 'script' },
];

/** The input paths a stage's options name, with the input each is (`demo`, the bundled demo, is not a path). */
export function stageInputPaths(options: unknown): { input: (typeof STAGE_INPUTS)[number]; value: string }[] {
  return STAGE_INPUTS.flatMap((input) => {
    const value = input.path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], options);
    return typeof value === 'string' && value !== 'demo' ? [{ input, value }] : [];
  });
}

/**
 * The input files and folders a run's stages name that do not exist, as issues at their line (Check time, before a
 * run starts and fails minutes later). Relative paths resolve against `baseDir` as the run will; `demo` names the
 * bundled demo; a path an earlier stage writes (`out:`) is not expected to exist yet.
 */
export async function missingInputs(text: string, config: RunConfig, baseDir: string): Promise<ValidationIssue[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const issues: ValidationIssue[] = [];
  const written = new Set<string>();
  for (const [i, stage] of config.stages.entries()) {
    for (const { input, value } of stageInputPaths(stage)) {
      const file = path.resolve(baseDir, value);
      if (written.has(file) || (await stat(file).catch(() => null))) continue;
      const node = doc.getIn(['stages', i, ...input.path], true) as { range?: [number] } | undefined;
      issues.push({
        path: ['stages', i, ...input.path].join('.'),
        message: `${input.what} ${value} does not exist${value === file ? '' : ` (looked for ${file})`}`,
        line: node?.range ? lineCounter.linePos(node.range[0]).line : null,
      });
    }
    if (typeof stage.out === 'string') written.add(path.resolve(baseDir, stage.out));
  }
  return issues;
}
