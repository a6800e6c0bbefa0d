import path from 'node:path';
import { backendJsonSchemas, checkQuantizationCfgText } from '../vendors';
import type { InvokeOutput } from '../../../shared/contract';
import { cutHeadFile } from '../onnx/head-surgery';
import { runDoctor } from '../toolchains/doctor';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

type ToolchainHandlers = Pick<
  Handlers,
  'toolchains:doctor' | 'toolchains:schemas' | 'toolchains:surgery' | 'toolchains:check-quantization-cfg'
>;

/** Doctor, backend option schemas for the editor, and head surgery on a file in the workspace. */
export function createToolchainsHandlers(deps: { workspace: Workspace }): ToolchainHandlers {
  const { workspace } = deps;
  const resolve = (file: string): string => path.resolve(workspace.dir, file);
  return {
    'toolchains:doctor': ({ python, scanAll }) =>
      runDoctor({ settings: workspace.settings.get(), projectDirs: [workspace.dir, process.cwd()], python, scanAll }),
    'toolchains:schemas': () => backendJsonSchemas(),
    'toolchains:surgery': async ({ model, out, preset, sigmoid }): Promise<InvokeOutput<'toolchains:surgery'>> => {
      const result = await cutHeadFile(resolve(model), resolve(out), { preset, sigmoid });
      return {
        out: result.out,
        layoutKind: result.layout?.kind ?? 'already-cut',
        exporter: result.layout?.exporter ?? 'rknn_model_zoo layout (already cut)',
        preset: result.preset,
        numClasses: result.layout?.numClasses ?? null,
        outputs: result.outputs,
      };
    },
    'toolchains:check-quantization-cfg': ({ text, inputNames }) => checkQuantizationCfgText(text, inputNames),
  };
}
