import path from 'node:path/posix';
import { boardCommands } from './fake-board-commands';
import { emulatedPrograms } from './fake-board-programs';
import { fail, runShell, type ShellEnv, type ShellIo } from './fake-board-shell';

/**
 * One emulated board behind the fake adb server: a file system, a process table and the shell
 * answers of an RK3588 (reference/rknn-toolkit2.md §3). Executables are recognised by the version
 * strings inside them, the way `strings | grep` finds them on a real board.
 */

export interface FakeFile {
  data: Buffer;
  mode: number;
  mtime: number;
}

export interface FakeProcess {
  pid: number;
  name: string;
}

export interface FakeBoardOptions {
  serial: string;
  state?: 'device' | 'unauthorized' | 'offline';
  os: 'linux' | 'android';
  /** `adb devices -l` fields. */
  product?: string;
  model?: string;
  device?: string;
  /** Features the board's adbd reports; `shell_v2` gives separate stderr and real exit codes. */
  features?: string[];
  files?: Record<string, string | Buffer | { data: string | Buffer; mode: number }>;
  running?: string[];
  props?: Record<string, string>;
  kernel?: string;
  /** What `uname -m` prints (default aarch64; armv7l for a 32-bit ARM image). */
  machine?: string;
  dmesg?: string;
  /** Whether the board has binutils `strings` (Debian minimal images and Android lack it). */
  hasStrings?: boolean;
  freeKb?: number;
  /** Folders where a push fails with "Read-only file system" (Android /vendor and /system until `adb remount`). */
  readOnly?: string[];
  /**
   * Whether adbd may restart as root (`adb root`): Android userdebug/eng builds yes, production (user) builds no.
   * Default yes.
   */
  rootable?: boolean;
  /** What adbd answers `remount:` with when remounting fails (e.g. dm-verity), instead of "remount succeeded". */
  remountFailure?: string;
  /** How long adbd is away while it restarts as root (ms). */
  adbdRestartMs?: number;
  /** Commands taking this long (ms) before they answer, matched by substring. */
  slowCommands?: Record<string, number>;
  /** The board disappears when this many shell commands have run (the next one finds it gone). */
  vanishAfterCommands?: number;
  /** The board disappears after this many bytes of one push have arrived. */
  dropDuringPushAfterBytes?: number;
  /**
   * Android: whether init has a service named rknn_server (default yes). Without one, `setprop ctl.restart
   * rknn_server` still exits 0 (init only logs "Could not find service") and the old process keeps running.
   */
  initService?: boolean;
}

export class FakeBoard {
  readonly serial: string;
  state: 'device' | 'unauthorized' | 'offline';
  readonly files = new Map<string, FakeFile>();
  readonly dirs = new Set<string>(['/', '/tmp']);
  readonly processes: FakeProcess[] = [];
  readonly commandLog: string[] = [];
  /** Folders that are read-only right now (`remount:` makes /system and /vendor writable). */
  readonly readOnly: Set<string>;
  /** Whether adbd (and so the adb shell) runs as root: Linux images always, Android after `adb root`. */
  adbdRoot: boolean;
  gone = false;
  private nextPid = 700;

  constructor(readonly options: FakeBoardOptions) {
    this.serial = options.serial;
    this.state = options.state ?? 'device';
    this.readOnly = new Set(options.readOnly ?? []);
    this.adbdRoot = options.os === 'linux';
    for (const [file, content] of Object.entries(options.files ?? {})) {
      const entry = typeof content === 'string' || Buffer.isBuffer(content) ? { data: content, mode: 0o755 } : content;
      this.writeFile(file, Buffer.from(entry.data), entry.mode);
    }
    for (const name of options.running ?? []) this.spawn(name);
  }

  get features(): string[] {
    return this.options.features ?? ['shell_v2', 'cmd'];
  }

  devicesLine(long: boolean, transportId: number): string {
    const head = `${this.serial.padEnd(22)} ${this.state}${this.serial.includes(':') ? '' : ' usb:1-1'}`;
    if (!long) return `${this.serial}\t${this.state}\n`;
    if (this.state !== 'device') return `${head} transport_id:${transportId}\n`;
    const o = this.options;
    return `${head} product:${o.product ?? 'rk3588'} model:${o.model ?? 'RK3588'} device:${o.device ?? 'rk3588'} transport_id:${transportId}\n`;
  }

  writeFile(file: string, data: Buffer, mode = 0o644): void {
    this.files.set(path.normalize(file), { data, mode, mtime: Math.floor(Date.now() / 1000) });
  }

  isReadOnly(file: string): boolean {
    return [...this.readOnly].some((dir) => file === dir || file.startsWith(`${dir}/`));
  }

  /** adbd's answer to the `root:` service, and whether it now restarts (drops off the bus and comes back). */
  requestRoot(): { reply: string; restarts: boolean } {
    if (this.adbdRoot) return { reply: 'adbd is already running as root\n', restarts: false };
    if (this.options.rootable === false)
      return { reply: 'adbd cannot run as root in production builds\n', restarts: false };
    this.adbdRoot = true;
    return { reply: 'restarting adbd as root\n', restarts: true };
  }

  /** adbd's answer to the `remount:` service (Android 9-style adbd: text only, the client exits 0 either way). */
  remount(): string {
    if (!this.adbdRoot) return 'Not running as root. Try "adb root" first.\n';
    if (this.options.remountFailure) return this.options.remountFailure;
    for (const dir of ['/system', '/vendor', '/oem', '/odm']) this.readOnly.delete(dir);
    return 'remount succeeded\n';
  }

  isDir(dir: string): boolean {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return this.dirs.has(path.normalize(dir)) || [...this.dirs, ...this.files.keys()].some((f) => f.startsWith(prefix));
  }

  spawn(name: string): FakeProcess {
    const proc = { pid: this.nextPid++, name };
    this.processes.push(proc);
    return proc;
  }

  kill(name: string): number {
    const before = this.processes.length;
    for (let i = this.processes.length - 1; i >= 0; i--)
      if (this.processes[i].name === name) this.processes.splice(i, 1);
    return before - this.processes.length;
  }

  /** Runs one `adb shell` command line; resolves `null` when the board vanishes instead of answering. */
  async shell(command: string): Promise<ShellIo | null> {
    this.commandLog.push(command);
    const limit = this.options.vanishAfterCommands;
    if (limit !== undefined && this.commandLog.length > limit) {
      this.gone = true;
      return null;
    }
    const delay = Object.entries(this.options.slowCommands ?? {}).find(([needle]) => command.includes(needle))?.[1];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const env: ShellEnv = {
      cwd: '/',
      vars: { PATH: this.pathDirs().join(':') },
      lastCode: 0,
      builtins: boardCommands(this),
      exec: (name, args, stdin, e) => this.exec(name, args, stdin, e),
      writeFile: (file, data, append) => {
        const abs = path.resolve(env.cwd, file);
        const prev = append ? (this.files.get(abs)?.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
        this.writeFile(abs, Buffer.concat([prev, data]));
      },
      readFile: (file) => this.files.get(path.resolve(env.cwd, file))?.data ?? null,
    };
    return runShell(command, env);
  }

  private pathDirs(): string[] {
    return this.options.os === 'android'
      ? ['/system/bin', '/vendor/bin', '/system/xbin']
      : ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  }

  private async exec(name: string, args: string[], stdin: Buffer, env: ShellEnv): Promise<ShellIo> {
    const candidates = name.includes('/') ? [path.resolve(env.cwd, name)] : this.pathDirs().map((d) => `${d}/${name}`);
    const file = candidates.map((c) => ({ at: c, file: this.files.get(c) })).find((c) => c.file);
    if (!file?.file) return fail(`sh: ${name}: not found\n`, 127);
    if ((file.file.mode & 0o111) === 0) return fail(`sh: ${name}: Permission denied\n`, 126);
    const text = file.file.data.toString('latin1');
    const emulate = emulatedPrograms.find((p) => p.matches(text));
    if (!emulate) return fail(`sh: ${name}: cannot execute binary file\n`, 126);
    return emulate.run(this, { at: file.at, text, args, stdin, env });
  }
}

export interface ProgramCall {
  at: string;
  text: string;
  args: string[];
  stdin: Buffer;
  env: ShellEnv;
}
