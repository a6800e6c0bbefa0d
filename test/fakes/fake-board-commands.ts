import path from 'node:path/posix';
import type { FakeBoard } from './fake-board';
import { emulatedPrograms } from './fake-board-programs';
import { type Builtin, fail, ok, runShell, type ShellEnv } from './fake-board-shell';

/** The toybox/coreutils subset the fake boards answer; output formats follow the real tools. */
export function boardCommands(board: FakeBoard): Record<string, Builtin> {
  const abs = (env: ShellEnv, p: string): string => path.resolve(env.cwd, p);
  const read = (env: ShellEnv, p: string) => board.files.get(abs(env, p));
  const android = board.options.os === 'android';

  const grep: Builtin = (args, stdin, env) => {
    let ignoreCase = false;
    let onlyMatching = false;
    let text = false;
    let invert = false;
    let quiet = false;
    let max = Infinity;
    let extended = false;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-m') max = Number(args[++i]);
      else if (/^-[iaovqE]+$/.test(a)) {
        ignoreCase ||= a.includes('i');
        onlyMatching ||= a.includes('o');
        text ||= a.includes('a');
        invert ||= a.includes('v');
        quiet ||= a.includes('q');
        extended ||= a.includes('E');
      } else rest.push(a);
    }
    const [pattern, file] = rest;
    if (pattern === undefined) return fail('grep: no pattern\n', 2);
    let input = stdin;
    if (file !== undefined) {
      const f = read(env, file);
      if (!f) return fail(`grep: ${file}: No such file or directory\n`, 2);
      input = f.data;
    }
    if (input.includes(0) && !text && !android) return ok(`Binary file ${file ?? '(standard input)'} matches\n`);
    const source = extended ? pattern : pattern.replace(/[()+?{}|]/g, '\\$&');
    const re = new RegExp(source, ignoreCase ? 'gi' : 'g');
    const out: string[] = [];
    for (const line of input.toString('latin1').split('\n')) {
      if (out.length >= max) break;
      const hits = [...line.matchAll(re)].map((m) => m[0]);
      if (invert ? hits.length === 0 : hits.length > 0) out.push(...(onlyMatching && !invert ? hits : [line]));
    }
    if (out.length === 0) return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: 1 };
    return quiet ? ok() : { stdout: Buffer.from(`${out.join('\n')}\n`, 'latin1'), stderr: Buffer.alloc(0), code: 0 };
  };

  const commands: Record<string, Builtin> = {
    true: () => ok(),
    false: () => fail('', 1),
    echo: (args) => ok(`${args.join(' ')}\n`),
    sleep: async (args) => {
      await new Promise((r) => setTimeout(r, Number(args[0]) * 1000));
      return ok();
    },
    cd: (args, _stdin, env) => {
      const target = abs(env, args[0] ?? '/');
      if (!board.isDir(target)) return fail(`sh: cd: ${args[0]}: No such file or directory\n`, 2);
      env.cwd = target;
      return ok();
    },
    cat: (args, stdin, env) => {
      if (args.length === 0) return ok(stdin);
      const out: Buffer[] = [];
      for (const a of args) {
        const f = read(env, a);
        if (!f) return fail(`cat: ${a}: No such file or directory\n`, 1, Buffer.concat(out).toString('latin1'));
        if (a.startsWith('/sys/kernel/debug/') && !board.adbdRoot) return fail(`cat: ${a}: Permission denied\n`);
        out.push(f.data);
      }
      return ok(Buffer.concat(out));
    },
    uname: (args) => {
      const kernel = board.options.kernel ?? '5.10.160';
      if (args.includes('-r')) return ok(`${kernel}\n`);
      if (args.includes('-m')) return ok(`${board.options.machine ?? 'aarch64'}\n`);
      if (args.includes('-sr')) return ok(`Linux ${kernel}\n`);
      return ok('Linux\n');
    },
    dmesg: () => ok(board.options.dmesg ?? ''),
    strings: (args, stdin, env) => {
      if (board.options.hasStrings === false) return fail('sh: strings: not found\n', 127);
      const f = args[0] === undefined ? { data: stdin } : read(env, args[0]);
      if (!f) return fail(`strings: '${args[0]}': No such file\n`, 1);
      const runs = f.data.toString('latin1').match(/[\x20-\x7e\t]{4,}/g) ?? [];
      return ok(runs.map((r) => `${r}\n`).join(''));
    },
    grep,
    ls: (args, _stdin, env) => {
      const names = args.filter((a) => !a.startsWith('-'));
      const found = names.filter((n) => board.files.has(abs(env, n)) || board.isDir(abs(env, n)));
      const missing = names.filter((n) => !found.includes(n));
      return {
        stdout: Buffer.from(found.map((n) => `${n}\n`).join('')),
        stderr: Buffer.from(missing.map((n) => `ls: ${n}: No such file or directory\n`).join('')),
        code: missing.length ? 1 : 0,
      };
    },
    df: (args, _stdin, env) => {
      const target = args.filter((a) => !a.startsWith('-'))[0] ?? '/';
      if (!board.isDir(abs(env, target))) return fail(`df: ${target}: No such file or directory\n`);
      const free = board.options.freeKb ?? 8_000_000;
      return ok(
        `Filesystem     1K-blocks    Used Available Use% Mounted on\n/dev/mmcblk0p8  29000000 ${29000000 - free} ${free}  ${Math.round((1 - free / 29000000) * 100)}% ${target}\n`,
      );
    },
    pidof: (args) => {
      const pids = board.processes.filter((p) => args.includes(p.name)).map((p) => p.pid);
      return pids.length ? ok(`${pids.join(' ')}\n`) : fail('', 1);
    },
    ps: () =>
      ok(
        `UID          PID    PPID  C STIME TTY          TIME CMD\n${board.processes.map((p) => `root       ${String(p.pid).padStart(5)}       1  0 10:00 ?        00:00:00 ${p.name}\n`).join('')}`,
      ),
    killall: (args) => {
      const name = args.filter((a) => !a.startsWith('-'))[0] ?? '';
      return board.kill(name) ? ok() : fail(`killall: ${name}: no process killed\n`);
    },
    chmod: (args, _stdin, env) => {
      const [mode, file] = args;
      const f = read(env, file);
      if (!f) return fail(`chmod: ${file}: No such file or directory\n`);
      if (board.isReadOnly(abs(env, file))) return fail(`chmod: ${file}: Read-only file system\n`);
      f.mode = parseInt(mode, 8);
      return ok();
    },
    mv: (args, _stdin, env) => {
      const [from, to] = args.filter((a) => a !== '-f');
      const f = read(env, from);
      if (!f) return fail(`mv: can't rename '${from}': No such file or directory\n`);
      if (board.isReadOnly(abs(env, to))) return fail(`mv: can't rename '${from}': Read-only file system\n`);
      board.files.delete(abs(env, from));
      board.files.set(abs(env, to), f);
      return ok();
    },
    rm: (args, _stdin, env) => {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const target = abs(env, a);
        for (const key of [...board.files.keys()])
          if (key === target || key.startsWith(`${target}/`)) board.files.delete(key);
        board.dirs.delete(target);
      }
      return ok();
    },
    mkdir: (args, _stdin, env) => {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        if (board.isReadOnly(abs(env, a))) return fail(`mkdir: '${a}': Read-only file system\n`);
        board.dirs.add(abs(env, a));
      }
      return ok();
    },
    nohup: (args, stdin, env) => {
      const [name, ...rest] = args;
      const builtin = commands[name];
      return builtin ? builtin(rest, stdin, env) : env.exec(name, rest, stdin, env);
    },
    sh: async (args, stdin, env) => {
      if (args[0] === '-c') return runShell(args[1] ?? '', env);
      const f = read(env, args[0] ?? '');
      if (!f) return fail(`sh: ${args[0]}: No such file or directory\n`, 127);
      const text = f.data.toString('latin1');
      const program = emulatedPrograms.find((p) => p.matches(text));
      return program
        ? program.run(board, { at: abs(env, args[0]), text, args: args.slice(1), stdin, env })
        : runShell(text, env);
    },
  };
  if (android) {
    commands.getprop = (args) => ok(`${board.options.props?.[args[0]] ?? ''}\n`);
    // Android 10+ /system/bin/remount, which `adb remount` runs in a shell when adbd has the remount_shell feature.
    commands.remount = () => {
      const said = board.remount();
      return /remount succeeded/.test(said) ? ok(said) : fail(said, 1);
    };
    const restart = (): void => {
      board.kill('rknn_server');
      if (board.files.has('/vendor/bin/rknn_server')) board.spawn('rknn_server');
    };
    commands.setprop = (args) => {
      // init refuses control properties from the shell user (SELinux), as on a real device.
      if (args[0].startsWith('ctl.') && !board.adbdRoot)
        return fail(`Failed to set property '${args[0]}' to '${args[1]}'.\nSee dmesg for error reason.\n`, 1);
      if (args[0].startsWith('ctl.') && board.options.initService === false) return ok();
      if (args[0] === 'ctl.restart' && args[1] === 'rknn_server') restart();
      else if (args[0] === 'ctl.stop' && args[1] === 'rknn_server') board.kill('rknn_server');
      else if (args[0] === 'ctl.start' && args[1] === 'rknn_server') restart();
      return ok();
    };
  }
  return commands;
}
