import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, type Workspace } from '../../src/main/core/workspace/workspace';

export { SYSTEM_PYTHON } from './system-packages';
export const fixtureDriver = (name: string): string =>
  path.resolve(import.meta.dirname, '..', 'fixtures', 'drivers', name);

export function tempDir(prefix = 'npu-wb-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh workspace in a temp folder; `cleanup()` closes it and deletes the folder. */
export function tempWorkspace(): Workspace & { cleanup(): void } {
  const dir = tempDir('npu-wb-ws-');
  const ws = openWorkspace(dir);
  return Object.assign(ws, {
    cleanup: () => {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** pycocotools' answers for tricky detection sets (copied from the team's shared fixtures; see its README). */
export const cocoevalFixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'cocoeval');
