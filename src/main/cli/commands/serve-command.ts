import path from 'node:path';
import type { Command } from 'commander';
import { demoWanted, firstLaunch } from '../../core/api/first-launch';
import { resourcesDir } from '../../core/workspace/resources-dir';
import { startWorkbenchServer } from '../../server/workbench-server';
import { type GlobalOptions, openCliCore } from '../cli-context';
import { parseIntArg } from '../parse-args';

export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('serve the workbench UI and API to a local browser (browser mode)')
    .option('--port <n>', 'port (0 picks a free one)', (v) => parseIntArg(v, '--port'), 0)
    .option('--host <host>', 'address to bind; keep 127.0.0.1 unless you tunnel over SSH', '127.0.0.1')
    .option('--renderer <dir>', 'built renderer folder (default: out/renderer of this install)')
    .option('--workspace <dir>', 'workspace folder (same as the global option)')
    .option(
      '--no-demo',
      'keep a fresh workspace empty (no demo baseline run on first launch; or NPU_WORKBENCH_NO_DEMO=1)',
    )
    .action(async (opts: { port: number; host: string; renderer?: string; workspace?: string; demo: boolean }) => {
      const core = openCliCore({ ...globals(), workspace: opts.workspace ?? globals().workspace });
      // A demo that cannot start must not keep the UI from serving; the reason goes to stderr.
      await firstLaunch(core, { demo: demoWanted(opts.demo) }).catch((e: unknown) =>
        process.stderr.write(`First-launch demo skipped: ${(e as Error).message}\n`),
      );
      const rendererDir = opts.renderer ?? path.join(path.dirname(resourcesDir()), 'out', 'renderer');
      const server = await startWorkbenchServer({ core, rendererDir, host: opts.host, port: opts.port });
      // Listen before announcing: whoever reads the ready line may signal at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write(`Workbench ready: ${server.url}\n`);
      await stopped;
      await server.close();
      await core.close();
    });
}
