import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ConfigCheck, ValidationIssue } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import { type RunConfig, RunConfigSchema } from './run-config-model';
import { plainIssueMessage } from './plain-issue';
import type { StageRegistry } from './stage-kind';

/** Parses and validates run YAML, including every stage's params; issues carry 1-based line numbers. */
export function checkRunConfig(
  text: string,
  registry: StageRegistry,
): { config: RunConfig | null; check: ConfigCheck } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | null =>
    offset === undefined ? null : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0], line: lineOf(e.pos[0]) }));
    return { config: null, check: { ok: false, issues } };
  }
  const nodeLine = (pathParts: PropertyKey[]): number | null => {
    let node: unknown = doc.getIn(pathParts as (string | number)[], true);
    for (let cut = pathParts.length; !node && cut > 0; cut--)
      node = doc.getIn(pathParts.slice(0, cut - 1) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return lineOf(range?.[0]);
  };
  const toIssues = (error: z.ZodError, prefix: PropertyKey[] = []): ValidationIssue[] =>
    error.issues.map((i) => {
      const full = [...prefix, ...i.path];
      const value: unknown = doc.getIn(full as (string | number)[]);
      return { path: full.map(String).join('.'), message: plainIssueMessage(i, value), line: nodeLine(full) };
    });

  const raw: unknown = doc.toJS();
  if (!isMap(doc.contents))
    return {
      config: null,
      check: {
        ok: false,
        issues: [{ path: '', message: 'The run config must be a YAML mapping (name:, target:, stages: …)', line: 1 }],
      },
    };
  const base = RunConfigSchema.safeParse(raw);
  if (!base.success) return { config: null, check: { ok: false, issues: toIssues(base.error) } };
  const issues: ValidationIssue[] = [];
  const stagesNode = doc.get('stages', true);
  base.data.stages.forEach((stage, i) => {
    const kind = registry.get(stage.kind);
    if (!kind) {
      const known = registry
        .list()
        .map((k) => k.kind)
        .join(', ');
      issues.push({
        path: `stages.${i}.kind`,
        message: `Unknown stage kind "${stage.kind}" (known: ${known})`,
        line: nodeLine(['stages', i, 'kind']),
      });
      return;
    }
    const { kind: _kind, ...params } = stage;
    const parsed = kind.params.safeParse(params);
    if (!parsed.success) issues.push(...toIssues(parsed.error, ['stages', i]));
  });
  if (isSeq(stagesNode) === false)
    issues.push({ path: 'stages', message: 'stages must be a list', line: nodeLine(['stages']) });
  return { config: issues.length === 0 ? base.data : null, check: { ok: issues.length === 0, issues } };
}

export function parseRunConfig(text: string, registry: StageRegistry, source = 'run config'): RunConfig {
  const { config, check } = checkRunConfig(text, registry);
  if (!config) {
    const first = check.issues
      .slice(0, 5)
      .map((i) => `${source}${i.line ? `:${i.line}` : ''}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
    throw new UserError(
      first.join('\n'),
      'Fix the YAML and try again; `npu-workbench stages` lists the stage kinds and their options.',
      'invalid_input',
    );
  }
  return config;
}
