import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigCheck, type RunConfig, RunConfigSchema, type ValidationIssue } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import { plainIssueMessage } from './plain-issue';
import type { StageRegistry } from './stage-kind';
import { vendorIds, vendorTargets } from '../vendors';

/** A valid run config and each stage's params as its kind parsed them: what the job runner executes. */
export interface ParsedRunConfig {
  config: RunConfig;
  params: unknown[];
}

/** Where a path of the config is: its source line (null for a config object) and the value it holds. */
interface Locate {
  line(pathParts: PropertyKey[]): number | null;
  value(pathParts: PropertyKey[]): unknown;
}

/** Locating in a config object: values only. */
const inObject = (config: unknown): Locate => ({
  line: () => null,
  value: (pathParts) =>
    pathParts.reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      config,
    ),
});

/** Every stage's params against its kind's schema. */
function checkStages(
  config: RunConfig,
  registry: StageRegistry,
  at: Locate,
): { params: unknown[]; issues: ValidationIssue[] } {
  const params: unknown[] = [];
  const issues: ValidationIssue[] = [];
  const targets = vendorTargets(config.backend);
  if (targets && !targets.includes(config.target.toLowerCase())) {
    const distance = new Map(targets.map((t) => [t, editDistance(t, config.target.toLowerCase())]));
    const closest = Math.min(...distance.values());
    const near = closest <= 1 ? targets.filter((t) => distance.get(t) === closest) : [];
    issues.push({
      path: 'target',
      message:
        `${config.target} is not a platform the ${config.backend} toolkit knows` +
        `${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}; it builds for ${targets.join(', ')}`,
      line: at.line(['target']),
    });
  }
  config.stages.forEach((stage, i) => {
    const kind = registry.get(stage.kind);
    if (!kind) {
      const known = registry
        .list()
        .map((k) => k.kind)
        .join(', ');
      issues.push({
        path: `stages.${i}.kind`,
        message: `Unknown stage kind "${stage.kind}" (known: ${known})`,
        line: at.line(['stages', i, 'kind']),
      });
      return;
    }
    if (stage.when && !vendorIds().includes(stage.when.toolkit))
      issues.push({
        path: `stages.${i}.when.toolkit`,
        message: `Unknown toolkit "${stage.when.toolkit}" (known: ${vendorIds().join(', ')})`,
        line: at.line(['stages', i, 'when', 'toolkit']),
      });
    const { kind: _kind, when: _when, ...raw } = stage;
    const parsed = kind.params.safeParse(raw);
    if (parsed.success) params.push(parsed.data);
    else issues.push(...zodIssues(parsed.error, at, ['stages', i]));
  });
  return { params, issues };
}

function zodIssues(error: z.ZodError, at: Locate, prefix: PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((i) => {
    const full = [...prefix, ...i.path];
    return { path: full.map(String).join('.'), message: plainIssueMessage(i, at.value(full)), line: at.line(full) };
  });
}

/** Parses and validates run YAML, including every stage's params; issues carry 1-based line numbers. */
export function checkRunConfig(
  text: string,
  registry: StageRegistry,
): { parsed: ParsedRunConfig | null; check: ConfigCheck } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | null =>
    offset === undefined ? null : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0], line: lineOf(e.pos[0]) }));
    return { parsed: null, check: { ok: false, issues } };
  }
  const nodeLine = (pathParts: PropertyKey[]): number | null => {
    let node: unknown = doc.getIn(pathParts as (string | number)[], true);
    for (let cut = pathParts.length; !node && cut > 0; cut--)
      node = doc.getIn(pathParts.slice(0, cut - 1) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return lineOf(range?.[0]);
  };
  const at: Locate = { line: nodeLine, value: (pathParts) => doc.getIn(pathParts as (string | number)[]) };
  const raw: unknown = doc.toJS();
  if (!isMap(doc.contents))
    return {
      parsed: null,
      check: {
        ok: false,
        issues: [{ path: '', message: 'The run config must be a YAML mapping (name:, target:, stages: …)', line: 1 }],
      },
    };
  const base = RunConfigSchema.safeParse(raw);
  if (!base.success) return { parsed: null, check: { ok: false, issues: zodIssues(base.error, at) } };
  const { params, issues } = checkStages(base.data, registry, at);
  if (isSeq(doc.get('stages', true)) === false)
    issues.push({ path: 'stages', message: 'stages must be a list', line: nodeLine(['stages']) });
  const parsed = issues.length === 0 ? { config: base.data, params } : null;
  return { parsed, check: { ok: issues.length === 0, issues } };
}

/** The first issues of a config, each as `source:line: path: message`, as one error. */
export function configIssuesError(issues: ValidationIssue[], source: string): UserError {
  const first = issues
    .slice(0, 5)
    .map((i) => `${source}${i.line ? `:${i.line}` : ''}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
  return new UserError(
    first.join('\n'),
    "Fix the run config and try again; each stage kind's options are in its schema (the editor completes them).",
    'invalid_input',
  );
}

/** Run YAML → a valid config with parsed stage params, or a UserError listing the first issues by line. */
export function readRunConfig(text: string, registry: StageRegistry, source = 'run config'): ParsedRunConfig {
  const { parsed, check } = checkRunConfig(text, registry);
  if (!parsed) throw configIssuesError(check.issues, source);
  return parsed;
}

/** A config object (already shaped by RunConfigSchema) → its stages' parsed params, or a UserError. */
export function validateRunConfig(config: RunConfig, registry: StageRegistry, source = 'run config'): ParsedRunConfig {
  const { params, issues } = checkStages(config, registry, inObject(config));
  if (issues.length) throw configIssuesError(issues, source);
  return { config, params };
}

export function parseRunConfig(text: string, registry: StageRegistry, source = 'run config'): RunConfig {
  return readRunConfig(text, registry, source).config;
}

/** Levenshtein distance, for "did you mean" on a one-character typo of a target (rk3589 → rk3588). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(prev[j] + 1, next[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = next;
  }
  return prev[b.length];
}
