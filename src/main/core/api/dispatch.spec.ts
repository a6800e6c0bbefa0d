import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { UserError } from '../errors/user-error';
import { createDispatcher } from './dispatch';
import { createWorkbenchCore, type WorkbenchCore } from './workbench-service';

let core: WorkbenchCore | undefined;
let ws: ReturnType<typeof tempWorkspace>;
afterEach(async () => {
  await core?.runner.shutdown();
  ws?.cleanup();
});

describe('dispatch (the boundary every transport goes through)', () => {
  it('validates input with the contract before any handler runs', async () => {
    ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    await expect(core.dispatch('runs:get', { id: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/runs:get: id/),
    });
    await expect(core.dispatch('runs:list', { limit: 5, extra: true })).rejects.toThrow(UserError);
    await expect(core.dispatch('__proto__', {})).rejects.toThrow(/Unknown call/);
    await expect(core.dispatch('settings:update', { adbServerPort: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('creates runs from YAML, reports config issues, and lists them', async () => {
    ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    const check = (await core.dispatch('config:check', { configText: 'name: a\nstages:\n  - kind: nope\n' })) as {
      ok: boolean;
      issues: { line: number }[];
    };
    expect(check).toMatchObject({ ok: false, issues: [{ line: 3 }] });
    await expect(
      core.dispatch('runs:create', { configText: 'name: a\nstages:\n  - kind: nope\n' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const created = (await core.dispatch('runs:create', {
      configText: 'name: a\ntags: [x]\nstages:\n  - kind: env-snapshot\n',
      start: false,
    })) as { id: number; status: string };
    expect(created.status).toBe('created');
    const page = (await core.dispatch('runs:list', {})) as { total: number; rows: { tags: string[] }[] };
    expect(page).toMatchObject({ total: 1, rows: [{ tags: ['x'] }] });
    await core.dispatch('runs:delete', { id: created.id });
    expect(((await core.dispatch('runs:list', {})) as { total: number }).total).toBe(0);
    await core.dispatch('runs:restore', { id: created.id });
    expect(((await core.dispatch('runs:get', { id: created.id })) as { configText: string }).configText).toContain(
      'env-snapshot',
    );
  });

  it('checks every output against the contract: no handler hands a front end data it does not expect', async () => {
    ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    const broken = createDispatcher({
      ...core.handlers,
      'runs:facets': () => ({ targets: ['rk3588'], backends: [], tags: 'int8', metricKeys: [] }) as never,
    });
    await expect(broken('runs:facets', {})).rejects.toThrow(/runs:facets returned data outside its contract: tags/);
    await expect(core.dispatch('runs:facets', {})).resolves.toEqual({
      targets: [],
      backends: [],
      tags: [],
      metricKeys: [],
    });
  });

  it('serves the typed in-process client: the same calls, validated the same way', async () => {
    ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    const created = await core.api.runs.create({
      config: { name: 'from options', stages: [{ kind: 'env-snapshot' }] },
      start: false,
    });
    expect(created).toMatchObject({ name: 'from options', target: 'host', backend: 'sim', status: 'created' });
    expect((await core.api.runs.get({ id: created.id })).configText).toContain('kind: env-snapshot');
    await expect(core.api.runs.findByConfig({ configText: 'name: x' })).resolves.toBeNull();
    await expect(
      core.api.runs.create({ config: { name: 'bad', stages: [{ kind: 'env-snapshot', extra: 1 }] } }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/stages\.0/) });
  });
});
