import { afterAll, beforeAll } from 'vitest';
import { createWorkbenchCore, type WorkbenchCore } from '../../src/main/core/api/workbench-service';
import { tempDir, tempWorkspace } from './temp-workspace';

export interface TempCore {
  /** A scratch folder for the spec's inputs (run files resolve relative paths against it). */
  dir: string;
  ws: ReturnType<typeof tempWorkspace>;
  core: WorkbenchCore;
}

/**
 * A spec file's workbench: a temp folder, a temp workspace and the core over it (browser shell), made before its
 * tests (then `setup` runs) and closed after. The fields are filled in `beforeAll`: read them inside tests.
 */
export function useTempCore(setup: (t: TempCore) => Promise<void> | void = () => undefined): TempCore {
  const t = {} as TempCore;
  beforeAll(async () => {
    t.dir = tempDir();
    t.ws = tempWorkspace();
    t.core = createWorkbenchCore(t.ws, 'browser');
    await setup(t);
  }, 120_000);
  afterAll(async () => {
    await t.core.close();
    t.ws.cleanup();
  });
  return t;
}
