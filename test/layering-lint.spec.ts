import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-cli';

/** The layering rules in eslint.config.js must actually fire: each case is a forbidden import in a given layer. */
const lint = async (file: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> => {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${file}` });
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
};

describe('layering lint', () => {
  it.each([
    [
      'src/main/core/store/x.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /must not import electron/,
    ],
    [
      'src/main/core/x.ts',
      "import { main } from '../cli/index';\nexport const a = main;\n",
      /must not import electron, the shells/,
    ],
    ['src/shared/contract/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /pure TypeScript/],
    [
      'src/renderer/src/x.ts',
      "import { openWorkspace } from '../../main/core/workspace/workspace';\nexport const a = openWorkspace;\n",
      /only through the contract client/,
    ],
    [
      'src/renderer/src/y.ts',
      "import Database from 'better-sqlite3';\nexport const a = Database;\n",
      /only through the contract client/,
    ],
    ['src/main/server/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n", /without Electron/],
    [
      'src/preload/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      /Preload sees only/,
    ],
    [
      'src/main/core/pipeline/x.ts',
      "import { rknnBackend } from '../vendors/rknn/rknn-backend';\nexport const a = rknnBackend;\n",
      /through the registry/,
    ],
    [
      'src/main/core/api/x.ts',
      "import { asGiven } from '../vendors/option-blocks';\nexport const a = asGiven;\n",
      /through the registry/,
    ],
    [
      'src/main/cli/commands/x.ts',
      "import { atcArgs } from '../../core/vendors/atc/atc-backend';\nexport const a = atcArgs;\n",
      /through the registry/,
    ],
    [
      'src/main/core/vendors/rknn/x.ts',
      "import { atcBackend } from '../atc/atc-backend';\nexport const a = atcBackend;\n",
      /must not import another vendor folder/,
    ],
    [
      'src/main/core/vendors/tensorrt/x.ts',
      "import { rknnBackend } from '../../vendors/rknn/rknn-backend';\nexport const a = rknnBackend;\n",
      /must not import another vendor folder/,
    ],
    [
      'src/main/core/vendors/atc/x.ts',
      "import { VENDORS } from '..';\nexport const a = VENDORS;\n",
      /must not import the registry/,
    ],
    [
      'src/main/core/vendors/atc/y.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /must not import electron/,
    ],
  ])('rejects a forbidden import in %s', async (file, code, message) => {
    const messages = await lint(file, code);
    expect(messages.join('\n')).toMatch(message);
  });

  it('allows the imports each layer may make', async () => {
    expect(
      await lint(
        'src/main/core/x.ts',
        "import path from 'node:path';\nimport { z } from 'zod';\nexport const a = [path, z];\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/renderer/src/x.ts',
        "import { invokeChannels } from '../../shared/contract';\nexport const a = invokeChannels;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/main/app/x.ts',
        "import { app } from 'electron';\nimport { openWorkspace } from '../core/workspace/workspace';\nexport const a = [app, openWorkspace];\n",
      ),
    ).toEqual([]);
    // Generic code reaches vendors through the registry; a vendor uses its own files, core and the shared helpers.
    expect(
      await lint(
        'src/main/core/pipeline/x.ts',
        "import { VENDORS } from '../vendors';\nimport { backendJsonSchemas } from '../vendors/index';\nexport const a = [VENDORS, backendJsonSchemas];\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/main/core/vendors/rknn/x.ts',
        "import { rknnBackend } from './rknn-backend';\nimport { asGiven } from '../option-blocks';\nimport { py } from '../../pipeline/replay-python';\nexport const a = [rknnBackend, asGiven, py];\n",
      ),
    ).toEqual([]);
  });

  it('keeps the CLI on the typed client: no handlers, runner or dispatch of the core', async () => {
    const core = "import { openCliCore } from '../cli-context';\nconst core = openCliCore({});\n";
    const file = 'src/main/cli/commands/x.ts';
    const property = 'no-restricted-properties';
    expect(await lint(file, `${core}export const a = core.handlers['runs:list'];\n`, property)).toEqual([
      expect.stringMatching(/through `core.api`.*not `.handlers`/),
    ]);
    expect((await lint(file, `${core}export const a = core.runner.whenDone('r1');\n`, property)).join()).toMatch(
      /not `.runner`/,
    );
    expect((await lint(file, `${core}export const { dispatch } = core;\n`, property)).join()).toMatch(
      /not `.dispatch`/,
    );
    expect(await lint(file, `${core}export const a = core.api.runs.list({});\n`, property)).toEqual([]);
    // Specs may drive core directly.
    expect(await lint('src/main/cli/commands/x.spec.ts', `${core}export const a = core.runner;\n`, property)).toEqual(
      [],
    );
  });
});
