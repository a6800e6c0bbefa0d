import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { createAppHandlers } from './app-handlers';

describe('app:pickFolder', () => {
  it('has no picker in browser mode and says to type the path; the desktop shell answers with its own', async () => {
    const workspace = tempWorkspace();
    try {
      const browser = createAppHandlers({ workspace, mode: 'browser' });
      await expect(browser['app:pickFolder']({ title: 'Runtime folder' })).rejects.toMatchObject({
        message: 'There is no folder picker in browser mode',
        hint: 'Type the folder path instead.',
      });
      const asked: unknown[] = [];
      const desktop = createAppHandlers({
        workspace,
        mode: 'electron',
        shell: { pickFolder: async (request) => (asked.push(request), '/picked') },
      });
      expect(await desktop['app:pickFolder']({ title: 'Runtime folder', defaultPath: '/home' })).toEqual({
        path: '/picked',
      });
      expect(asked).toEqual([{ title: 'Runtime folder', defaultPath: '/home' }]);
    } finally {
      workspace.cleanup();
    }
  });
});
