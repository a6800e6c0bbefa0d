import type { Command } from 'commander';
import type { BoardDevice, BoardReport } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { cliFix } from '../cli-errors';
import { type GlobalOptions, withApi } from '../cli-context';
import { printJson, printTable } from '../output';

/** The `board probe --json` document: a stable, snake_case subset of the report for scripts. */
export function probeJson(report: BoardReport): Record<string, unknown> {
  return {
    serial: report.serial,
    state: report.state,
    soc: report.soc,
    os: report.os,
    kernel: report.kernel,
    abi: report.abi,
    npu_driver: report.npuDriver,
    librknnrt: report.librknnrt.version,
    rknn_server: { version: report.rknnServer.version, running: report.rknnServer.running },
    storage_free_mb: report.storageFreeMb,
    problems: report.problems.map((p) => ({ code: p.code, message: p.message, fix: cliFix(p.fix, p.action) })),
  };
}

function printReport(r: BoardReport): void {
  const rows: [string, string][] = [
    ['board', `${r.serial} (${r.state})`],
    ['soc', r.soc ?? '?'],
    ['os', `${r.osVersion ?? r.os}, kernel ${r.kernel ?? '?'}, ${r.abi ?? 'unknown CPU'}`],
    ['npu driver', r.npuDriver ?? 'unknown'],
    ['librknnrt', r.librknnrt.version ? `${r.librknnrt.version} (${r.librknnrt.path})` : 'missing'],
    [
      'rknn_server',
      r.rknnServer.version
        ? `${r.rknnServer.version} (${r.rknnServer.path}), ${r.rknnServer.running ? 'running' : 'NOT running'}`
        : 'missing',
    ],
    ['npu load', r.npuLoad ? r.npuLoad.map((l) => `${l}%`).join(' ') : 'unknown (needs root)'],
    [
      'free space',
      r.storageFreeMb === null ? 'unknown' : `${r.storageFreeMb} MB in ${r.dumpDir?.replace(/\/dumps$/, '')}`,
    ],
    ['rknn-toolkit2', r.toolkitVersion ?? 'not found on this computer (version checks skipped)'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(14)}${v}\n`);
  if (r.problems.length === 0) process.stdout.write('\nNo problems found.\n');
  for (const p of r.problems)
    process.stdout.write(`\n${p.severity.toUpperCase()} ${p.code}: ${p.message}\n  fix: ${cliFix(p.fix, p.action)}\n`);
}

const parseToolkit = (v?: string): string | null | undefined => (v === undefined ? undefined : v === 'none' ? null : v);

export function registerBoardCommand(program: Command, globals: () => GlobalOptions): void {
  const board = program
    .command('board')
    .description('boards over adb: list, connect, probe (doctor), fix the NPU runtime, push files');

  board
    .command('list')
    .description('list boards adb sees, with state (device / unauthorized / offline) and model')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const list = await withApi(globals(), (api) => api.board.list());
      if (opts.json) return printJson(list.devices);
      if (list.devices.length === 0)
        return void process.stdout.write(
          `No boards (adb ${list.adbPath}, server port ${list.serverPort}). ` +
            'Plug one in over USB or run `npu-workbench board connect HOST:PORT`.\n',
        );
      printTable(
        ['SERIAL', 'STATE', 'MODEL', 'PRODUCT', 'LINK'],
        list.devices.map((d: BoardDevice) => [d.serial, d.state, d.model, d.product, d.usb ?? 'network']),
      );
    });

  board
    .command('connect <address>')
    .description('connect a network board (adb connect HOST[:PORT], default port 5555)')
    .option('--json', 'print one JSON document')
    .action(async (address: string, opts: { json?: boolean }) => {
      const out = await withApi(globals(), (api) => api.board.connect({ address }));
      if (!out.connected)
        throw new UserError(
          out.message,
          'Check the address, that the board is on the network and that its adbd listens on TCP ' +
            '(Android: `setprop service.adb.tcp.port 5555`, then restart adbd).',
        );
      if (opts.json) return printJson(out);
      process.stdout.write(`${out.message}\n`);
    });

  board
    .command('disconnect <address>')
    .description('disconnect a network board')
    .action(async (address: string) => {
      const out = await withApi(globals(), (api) => api.board.disconnect({ address }));
      process.stdout.write(`${out.message}\n`);
    });

  board
    .command('probe')
    .description('read SoC, OS, NPU driver, librknnrt and rknn_server versions, free space, and explain every mismatch')
    .option('--serial <serial>', 'the board (default: the only one attached)')
    .option(
      '--toolkit-version <version>',
      "host rknn-toolkit2 version to compare with (default: detected with the configured Python; 'none' skips)",
    )
    .option('--model <file.rknn>', 'also check this model against the board (target platform, file format)')
    .option('--target-platform <soc>', 'the target_platform the model was converted for')
    .option('--json', 'print one JSON document')
    .action(
      async (opts: {
        serial?: string;
        toolkitVersion?: string;
        model?: string;
        targetPlatform?: string;
        json?: boolean;
      }) => {
        const report = await withApi(globals(), (api) =>
          api.board.probe({
            serial: opts.serial,
            toolkitVersion: parseToolkit(opts.toolkitVersion),
            modelPath: opts.model,
            targetPlatform: opts.targetPlatform,
          }),
        );
        if (opts.json) return printJson(probeJson(report));
        printReport(report);
      },
    );

  board
    .command('fix-runtime')
    .description(
      "push the rknn_server and librknnrt.so the installed rknn-toolkit2 ships (for the board's OS and CPU), " +
        'set modes, restart rknn_server and probe again',
    )
    .requiredOption('--serial <serial>', 'the board to fix')
    .option(
      '--runtime-dir <dir>',
      "rknn-toolkit2's rknpu2/runtime folder (default: Settings › vendorRuntimeDirs, next to the installed " +
        'rknn-toolkit2, or a usual clone location; a folder given here is remembered)',
    )
    .option('--json', 'print one JSON document')
    .action(async (opts: { serial: string; runtimeDir?: string; json?: boolean }) => {
      const out = await withApi(globals(), (api) =>
        api.board.fixRuntime({ serial: opts.serial, runtimeDir: opts.runtimeDir }),
      );
      if (opts.json) printJson({ steps: out.steps, before: probeJson(out.before), after: probeJson(out.after) });
      else {
        for (const s of out.steps) process.stdout.write(`- ${s}\n`);
        process.stdout.write('\n');
        printReport(out.after);
      }
      // The final probe decides: an ERROR left over means the board is still not fixed.
      const left = out.after.problems.filter((p) => p.severity === 'error');
      if (left.length)
        throw new UserError(
          `Board ${opts.serial} still has ${left.length} problem(s) after the fix: ${left[0]!.message}`,
          cliFix(left[0]!.fix, left[0]!.action),
        );
    });

  board
    .command('push <local> <remote>')
    .description('copy a file (e.g. a .rknn) to the board')
    .requiredOption('--serial <serial>', 'the board')
    .action(async (local: string, remote: string, opts: { serial: string }) => {
      const out = await withApi(globals(), (api) =>
        api.board.push({ serial: opts.serial, localPath: local, remotePath: remote }),
      );
      process.stdout.write(`${local} → ${out.remotePath}: ${out.bytes} bytes in ${out.seconds.toFixed(2)} s\n`);
    });
}
