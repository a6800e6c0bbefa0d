import type { Command } from 'commander';
import { type GlobalOptions, withApi } from '../cli-context';
import { printJson } from '../output';

const MARK = { ok: 'ok  ', info: 'info', warning: 'WARN', error: 'FAIL' } as const;

export function registerDoctorCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description(
      'check Python interpreters, torch/onnx/rknn-toolkit2/tensorrt versions and vendor CLIs (atc, trtexec, adb)',
    )
    .option('--python <path>', 'check this interpreter instead of the configured one')
    .option('--all', 'inspect every interpreter found (slower)')
    .option('--json', 'print one JSON document')
    .action(async (opts: { python?: string; all?: boolean; json?: boolean }) => {
      const report = await withApi(globals(), (api) =>
        api.toolchains.doctor({ python: opts.python, scanAll: opts.all }),
      );
      if (opts.json) return printJson(report);
      process.stdout.write(`Host ${report.host.platform} ${report.host.arch}\nPython interpreters:\n`);
      for (const i of report.interpreters) {
        const state = i.error ? `error: ${i.error}` : (i.version ?? 'not inspected (use --all)');
        process.stdout.write(`  ${i.selected ? '*' : ' '} ${i.path} [${i.sources.join(', ')}] ${state}\n`);
      }
      process.stdout.write('Checks:\n');
      for (const c of report.checks)
        process.stdout.write(
          `  ${MARK[c.level]} ${c.message}${c.hint && c.level !== 'ok' ? `\n       fix: ${c.hint}` : ''}\n`,
        );
      if (report.checks.some((c) => c.level === 'error')) process.exitCode = 1;
    });
}
