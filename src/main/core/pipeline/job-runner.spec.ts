import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtureDriver, SYSTEM_PYTHON, tempDir, tempWorkspace } from '../../../../test/support/temp-workspace';
import { EventBus } from '../events/event-bus';
import { JobRunner } from './job-runner';
import { readRunLog } from './run-logs';
import { defineStageKind, StageRegistry } from './stage-kind';
import { builtinStageKinds } from './stages';

let ws: ReturnType<typeof tempWorkspace>;
afterEach(() => ws?.cleanup());

function setup() {
  ws = tempWorkspace();
  ws.settings.update({ pythonPath: SYSTEM_PYTHON });
  const bus = new EventBus();
  const runner = new JobRunner(ws, bus, new StageRegistry(builtinStageKinds));
  const events: { event: string; payload: unknown }[] = [];
  bus.onAny(
    (event, payload) => events.push({ event, payload }),
    ['run:status', 'run:progress', 'run:log', 'runs:changed'],
  );
  const create = (yaml: string) => ws.runs.create({ name: 'r', target: 'host', backend: 'sim', configText: yaml });
  return { bus, runner, events, create };
}

const script = fixtureDriver('counting_driver.py');

describe('JobRunner', () => {
  it('runs stages in order, persists status, progress, logs, metrics and artifacts, and streams events', async () => {
    const { runner, events, create } = setup();
    const artifact = path.join(tempDir(), 'report.txt');
    const run = create(
      'name: r\nstages:\n  - kind: env-snapshot\n' +
        `  - kind: python-script\n    script: ${script}\n    args: { steps: 5, artifact: ${artifact} }\n`,
    );
    runner.start(run.id);
    const done = await runner.whenDone(run.id);
    expect(done.status).toBe('succeeded');
    expect(done.metrics).toEqual({ steps: 5, map: 0.5 });
    const stages = ws.stages.list(run.id);
    expect(stages.map((s) => [s.kind, s.status])).toEqual([
      ['env-snapshot', 'succeeded'],
      ['python-script', 'succeeded'],
    ]);
    expect(stages[1]).toMatchObject({ progressDone: 5, progressTotal: 5 });
    expect(ws.artifacts.list(run.id).map((a) => a.kind)).toEqual(['report']);
    const snapshot = JSON.parse(ws.runs.getRow(run.id).env_snapshot!) as { packages: Record<string, string | null> };
    expect(snapshot.packages.numpy).toMatch(/^\d+\./);
    const log = readRunLog(ws, run.id, 1);
    expect(log).toContainEqual(
      expect.objectContaining({ stageIndex: 1, stream: 'stdout', text: 'plain text on stdout' }),
    );
    expect(log).toContainEqual(expect.objectContaining({ stageIndex: 1, stream: 'stderr', text: 'warning on stderr' }));
    // The streamed lines are the stored lines, seq for seq (a live view merges the two by seq).
    const streamed = events
      .filter((e) => e.event === 'run:log')
      .map((e) => e.payload as { runId: number; stageIndex: number });
    expect(streamed.filter((l) => l.stageIndex === 1).map(({ runId: _, ...l }) => l)).toEqual(log);
    expect(log.map((l) => l.seq)).toEqual(log.map((_, i) => i));
    const statuses = events
      .filter((e) => e.event === 'run:status')
      .map((e) => (e.payload as { status: string }).status);
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(events.some((e) => e.event === 'run:progress' && (e.payload as { done: number }).done === 3)).toBe(true);
  });

  it('marks a failing stage failed with the tool message and skips the rest', async () => {
    const { runner, create } = setup();
    const run = create(
      `name: r\nstages:\n  - kind: python-script\n    script: ${script}\n    args: { mode: error }\n` +
        '  - kind: env-snapshot\n',
    );
    runner.start(run.id);
    const done = await runner.whenDone(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe(
      'Stage 1 (python-script) failed: model.onnx: unsupported op Foo [fix: Remove Foo before converting.]',
    );
    expect(ws.stages.list(run.id).map((s) => s.status)).toEqual(['failed', 'skipped']);
  });

  it('cancel stops the running stage and its processes, and skips the rest', async () => {
    const { runner, events, create } = setup();
    const run = create(
      `name: r\nstages:\n  - kind: python-script\n    script: ${script}\n    args: { steps: 100, delay: 0.1 }\n` +
        '  - kind: env-snapshot\n',
    );
    runner.start(run.id);
    await waitFor(() => events.some((e) => e.event === 'run:progress' && (e.payload as { done: number }).done >= 2));
    runner.cancel(run.id);
    const done = await runner.whenDone(run.id);
    expect(done.status).toBe('cancelled');
    expect(ws.stages.list(run.id).map((s) => s.status)).toEqual(['cancelled', 'skipped']);
    expect(() => runner.cancel(run.id)).toThrow(/not running/);
  });

  it('queues runs one at a time and refuses to start a run twice', async () => {
    const { runner, create } = setup();
    const order: string[] = [];
    const slow = defineStageKind({
      kind: 'mark',
      title: 'mark',
      description: 'test stage',
      params: z.object({ label: z.string() }),
      async run(_ctx, p) {
        order.push(`start ${p.label}`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`end ${p.label}`);
      },
    });
    const local = new JobRunner(ws, new EventBus(), new StageRegistry([slow]));
    const a = create('name: a\nstages:\n  - kind: mark\n    label: a\n');
    const b = create('name: b\nstages:\n  - kind: mark\n    label: b\n');
    local.start(a.id);
    local.start(b.id);
    expect(() => local.start(a.id)).toThrow(/already/);
    await Promise.all([local.whenDone(a.id), local.whenDone(b.id)]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(runner.isActive(a.id)).toBe(false);
  });

  it("re-runs from a stage as a child run keeping the parent's earlier stages; the parent is unchanged", async () => {
    const { runner, create } = setup();
    const run = create(
      'name: r\nstages:\n  - kind: env-snapshot\n' +
        `  - kind: python-script\n    script: ${script}\n    args: { steps: 2 }\n`,
    );
    runner.start(run.id);
    await runner.whenDone(run.id);
    const parentBefore = { run: ws.runs.get(run.id), stages: ws.stages.list(run.id), row: ws.runs.getRow(run.id) };
    const child = runner.rerun(run.id, 1);
    expect(child.id).not.toBe(run.id);
    expect(child.parentRunId).toBe(run.id);
    expect((await runner.whenDone(child.id)).status).toBe('succeeded');
    expect(ws.runs.get(run.id)).toEqual(parentBefore.run);
    expect(ws.stages.list(run.id)).toEqual(parentBefore.stages);
    const kept = ws.stages.list(child.id);
    expect(kept[0]).toMatchObject({ status: 'succeeded', finishedAt: parentBefore.stages[0].finishedAt });
    expect(kept[0].logFile).toBe(parentBefore.stages[0].logFile);
    expect(ws.runs.getRow(child.id).config_text).toBe(parentBefore.row.config_text);
    expect(ws.runs.getRow(child.id).env_snapshot).toBe(parentBefore.row.env_snapshot);
    // The child's own log for the stage it ran; the parent's log holds only its own attempt.
    const childLog = readFileSync(path.join(ws.dir, kept[1].logFile!), 'utf8');
    const parentLog = readFileSync(path.join(ws.dir, parentBefore.stages[1].logFile!), 'utf8');
    expect(kept[1].logFile).not.toBe(parentBefore.stages[1].logFile);
    expect(childLog.split('plain text on stdout').length - 1).toBe(1);
    expect(existsSync(path.join(ws.dir, parentBefore.stages[1].logFile!))).toBe(true);
    expect(parentLog.split('plain text on stdout').length - 1).toBe(1);
  });

  it('skips a stage whose when: does not hold, with the reason; runs it where it holds; re-runs past it', async () => {
    const { runner, create } = setup();
    const stage = '  - kind: env-snapshot\n    packages: [json]\n';
    const yaml = `name: r\nstages:\n${stage}    when: { toolkit: atc }\n${stage}`;
    ws.settings.update({ vendorRuntimeDirs: [tempDir()] }); // no atc anywhere on this PATH
    const run = create(yaml);
    runner.start(run.id);
    expect((await runner.whenDone(run.id)).status).toBe('succeeded');
    const [skipped, ran] = ws.stages.list(run.id);
    expect(skipped).toMatchObject({
      status: 'skipped',
      error: null,
      message: 'atc is not on PATH; install it to get the Environment snapshot stage',
    });
    expect(ran.status).toBe('succeeded');
    expect(readRunLog(ws, run.id, 0).map((l) => l.text)).toContain(`Skipped: ${skipped.message}`);
    // A condition that did not hold is not an unfinished stage: re-running from after it is allowed.
    const child = runner.rerun(run.id, 1);
    expect((await runner.whenDone(child.id)).status).toBe('succeeded');
    expect(ws.stages.list(child.id)[0]).toMatchObject({ status: 'skipped', message: skipped.message });
    ws.settings.update({ vendorRuntimeDirs: [path.resolve(import.meta.dirname, '../../../../test/fakes/bin')] });
    const withAtc = create(yaml);
    runner.start(withAtc.id);
    await runner.whenDone(withAtc.id);
    expect(ws.stages.list(withAtc.id).map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
