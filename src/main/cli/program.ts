import { Command } from 'commander';
import type { GlobalOptions } from './cli-context';
import { registerAnalyseCommand } from './commands/analyse-command';
import { registerCompareCommand } from './commands/compare-command';
import { registerBoardCommand } from './commands/board-command';
import { registerConvertCommand } from './commands/convert-command';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerEvalCommand } from './commands/eval-command';
import { registerRunCommand } from './commands/run-command';
import { registerRunsCommand } from './commands/runs-command';
import { registerRunsPipelineCommand } from './commands/runs-pipeline-command';
import { registerServeCommand } from './commands/serve-command';
import { registerSettingsCommand } from './commands/settings-command';
import { registerSurgeryCommand } from './commands/surgery-command';
import { WORKBENCH_VERSION } from '../core/workspace/version';

/** Each command lives in commands/<name>-command.ts and registers itself here. */
const commandRegistrations: ((program: Command, globals: () => GlobalOptions) => void)[] = [
  registerServeCommand,
  registerRunsCommand,
  registerRunCommand,
  registerSettingsCommand,
  registerBoardCommand,
  registerSurgeryCommand,
  registerDoctorCommand,
  registerAnalyseCommand,
  registerEvalCommand,
  registerRunsPipelineCommand,
  registerCompareCommand,
  registerConvertCommand,
];

export function buildProgram(): Command {
  const program = new Command('npu-workbench')
    .description('NPU Workbench: convert, quantize, analyse and evaluate YOLO detectors for edge NPUs')
    .version(WORKBENCH_VERSION)
    .option('--workspace <dir>', "workspace folder (default: the desktop app's; env NPU_WORKBENCH_WORKSPACE)")
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions(false);
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  for (const register of commandRegistrations) register(program, globals);
  return program;
}
