import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli';
import { UserError } from '../core/errors/user-error';
import { cliFix, cliFlag, UsageError, withFlagOf } from './cli-errors';

const evalLike = () =>
  new Command('eval').option('--model <file>').option('--max-det <n>').option('--lenient').option('--no-store');

describe('core errors in the CLI’s words', () => {
  it('maps a core field to the command’s own flag, negated booleans included', () => {
    const command = evalLike();
    expect(cliFlag(command, 'model')).toBe('--model');
    expect(cliFlag(command, 'maxDet')).toBe('--max-det');
    expect(cliFlag(command, 'strict')).toBe('--lenient');
    expect(cliFlag(command, 'store')).toBe('--no-store');
    expect(cliFlag(command, 'imgsz')).toBeNull();
    const program = new Command('npu-workbench').option('--workspace <dir>');
    expect(cliFlag(program.command('board').command('probe').option('--serial <s>'), 'workspace')).toBe('--workspace');
  });

  it('adds the flag to the hint and keeps message, code, kind and stack', () => {
    const core = new UserError('m.onnx: model not found', 'Check the model path.', 'invalid_input', 'model');
    const cli = withFlagOf(core, evalLike());
    expect(cli).toMatchObject({
      message: core.message,
      hint: 'Check the model path (--model).',
      code: 'invalid_input',
    });
    expect(cli.stack).toBe(core.stack);
    const usage = new UsageError('bad', 'Fix it');
    expect(withFlagOf(usage, evalLike())).toBe(usage); // no field: unchanged
    const noFlag = new UserError('x', 'Check the input size.', 'invalid_input', 'imgsz');
    expect(withFlagOf(noFlag, evalLike())).toBe(noFlag); // this command has no such flag
  });

  it('adds the command for the step a core error names (the UI shows a button for it instead)', () => {
    const core = new UserError(
      'No board is connected',
      'Plug the board in over USB (OTG port) or connect a network board by its address.',
      'not_found',
      undefined,
      'board-connect',
    );
    expect(withFlagOf(core, new Command('probe'))).toMatchObject({
      message: 'No board is connected',
      hint:
        'Plug the board in over USB (OTG port) or connect a network board by its address ' +
        '(`npu-workbench board connect HOST:PORT`).',
      action: 'board-connect',
    });
    expect(cliFix('Start it, or use the runtime fix', 'board-fix-runtime')).toBe(
      'Start it, or use the runtime fix (`npu-workbench board fix-runtime --serial S`)',
    );
    expect(cliFix('Free some space.', undefined)).toBe('Free some space.');
  });

  it('the real CLI names the flag on its fix line', () => {
    const out = runCli(['eval', '--model', '/nonexistent/m.onnx', '--data', 'demo', '--no-store']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'npu-workbench: /nonexistent/m.onnx: model not found\n  fix: Check the model path (--model).\n',
    );
  });
});
