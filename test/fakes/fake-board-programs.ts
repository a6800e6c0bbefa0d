import path from 'node:path/posix';
import type { FakeBoard, ProgramCall } from './fake-board';
import { fail, ok, runShell, type ShellIo } from './fake-board-shell';

/** What the fake boards do when a file is executed, chosen by what the file contains. */
export const emulatedPrograms: {
  matches(text: string): boolean;
  run(board: FakeBoard, call: ProgramCall): Promise<ShellIo> | ShellIo;
}[] = [
  {
    // TK2 start_rknn.sh: `while true; do sleep 1; rknn_server; done` (a respawn loop).
    matches: (text) => /while true/.test(text) && text.includes('rknn_server'),
    run: (board) => {
      board.spawn('start_rknn.sh');
      if (!board.processes.some((p) => p.name === 'rknn_server')) board.spawn('rknn_server');
      return ok();
    },
  },
  {
    matches: (text) => text.startsWith('#!/bin/sh'),
    run: (_board, call) => runShell(call.text, call.env),
  },
  {
    matches: (text) => text.includes('rknn_server version: '),
    run: (board, call) => {
      const version = /rknn_server version: ([^\s]+ \([^)]*\))/.exec(call.text)?.[1] ?? 'unknown';
      if (!board.processes.some((p) => p.name === 'rknn_server')) board.spawn('rknn_server');
      return ok(`start rknn server, version:${version}\n`);
    },
  },
  {
    matches: (text) => text.includes('Usage:%s model_path [input_path] [loop_count] [core_mask]'),
    run: (board, call) => runBenchmark(board, call),
  },
];

function runtimeVersion(board: FakeBoard): string | null {
  for (const lib of ['/usr/lib/librknnrt.so', '/vendor/lib64/librknnrt.so']) {
    const text = board.files.get(lib)?.data.toString('latin1');
    const m = text && /librknnrt version: ([0-9][^\s]*)/.exec(text);
    if (m) return m[1];
  }
  return null;
}

/** rknpu2/examples/rknn_benchmark: same arguments, same printf formats, deterministic timings. */
function runBenchmark(board: FakeBoard, call: ProgramCall): ShellIo {
  const [model, , loopArg] = call.args;
  if (!model) return ok('Usage:./rknn_benchmark model_path [input_path] [loop_count] [core_mask]\n');
  const runtime = runtimeVersion(board);
  if (!runtime) return fail(`CANNOT LINK EXECUTABLE "${call.at}": library "librknnrt.so" not found\n`, 127);
  const file = board.files.get(path.resolve(call.env.cwd, model));
  const initFail = (lines: string[]): ShellIo => ({
    stdout: Buffer.from('rknn_init fail! ret=-1\n'),
    stderr: Buffer.from(lines.map((l) => `E RKNN: [10:00:00.000] ${l}\n`).join('')),
    code: 255,
  });
  if (!file) return initFail([`Open file ${model} failed.`]);
  if (file.data.subarray(0, 4).toString('latin1') !== 'RKNN')
    return initFail(['parseRKNN: invalid RKNN_MAGIC!', 'rknn_init, load model failed!']);
  const formatVersion = Number(file.data.readBigUInt64LE(8));
  if (formatVersion >= 6 && Number(runtime.split('.')[0]) < 2)
    return initFail([
      `${formatVersion}, 1`,
      `Invalid RKNN model version ${formatVersion}`,
      'rknn_init, load model failed!',
    ]);
  const loops = loopArg ? Number(loopArg) : 10;
  const base = 4 + file.data.length / 100_000;
  const times = (n: number, offset: number) => Array.from({ length: n }, (_, i) => base + ((i + offset) % 4) * 0.25);
  const line = (i: number, ms: number) =>
    `${String(i).padStart(4)}: Elapse Time = ${ms.toFixed(2)}ms, FPS = ${(1000 / ms).toFixed(2)}\n`;
  const perf = times(loops, 0);
  const total = perf.reduce((a, b) => a + b, 0);
  let out = `rknn_api/rknnrt version: ${runtime}, driver version: 0.9.6\n`;
  out += 'model input num: 1, output num: 1\n';
  out += 'Warmup ...\n';
  times(5, 1).forEach((ms, i) => (out += line(i, ms + 1)));
  out += 'Begin perf ...\n';
  perf.forEach((ms, i) => (out += line(i, ms)));
  out += `\nAvg Time ${(total / loops).toFixed(2)}ms, Avg FPS = ${((loops * 1000) / total).toFixed(3)}\n\n`;
  board.writeFile(path.resolve(call.env.cwd, 'rt_output0.npy'), Buffer.from('NUMPY'));
  out += 'Save output to rt_output0.npy\n';
  return ok(out);
}
