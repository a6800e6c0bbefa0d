import net from 'node:net';
import path from 'node:path/posix';
import { FakeBoard } from './fake-board';

/**
 * A fake adb *server* (the host side of adb, reference/stack-notes.md §6) on a loopback port, so the
 * real Debian `adb` client (`adb -P PORT …`) talks to emulated boards: host:version, host:devices(-l),
 * host:track-devices, host:features, host:tport:…, host:connect, shell v1/v2 with exit codes, the
 * sync sub-protocol (STAT, SEND/DATA/DONE, QUIT) used by `adb push`, and adbd's `root:` (adbd
 * restarts: the transport drops and comes back) and `remount:` services.
 */

const ADB_SERVER_VERSION = 41;
const UNAUTHORIZED =
  "device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\nTry 'adb kill-server' if that seems wrong.\nOtherwise check for a confirmation dialog on your device.";

/** Buffered reads of exact byte counts from a socket. */
class SocketReader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private closed = false;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    const end = (): void => {
      this.closed = true;
      this.waiting?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  async read(n: number): Promise<Buffer> {
    while (this.buffer.length < n) {
      if (this.closed) throw new Error('socket closed');
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
const okayWith = (text: string): Buffer => Buffer.from(`OKAY${hex4(Buffer.byteLength(text))}${text}`);
const failWith = (text: string): Buffer => Buffer.from(`FAIL${hex4(Buffer.byteLength(text))}${text}`);

export class FakeAdbServer {
  readonly boards: FakeBoard[] = [];
  /** Boards reachable by `adb connect HOST:PORT` (network adb), by address. */
  readonly network = new Map<string, FakeBoard>();
  /**
   * Addresses whose adbd takes the TCP connection but never finishes the handshake: `adb connect` answers
   * `failed to authenticate to ADDR` and `adb devices` keeps listing the address as offline, as real adb does
   * (appium/appium-docker-android#105), until `adb disconnect ADDR`.
   */
  readonly halfOpen = new Set<string>();
  /** Every host request received, for tests that check what the client sent. */
  readonly requests: string[] = [];
  private readonly server = net.createServer((socket) => void this.serve(socket).catch(() => socket.destroy()));
  private readonly trackers = new Set<net.Socket>();
  private readonly sockets = new Set<net.Socket>();
  private readonly transportIds = new Map<FakeBoard, number>();
  private nextTransportId = 1;
  port = 0;

  constructor(boards: FakeBoard[] = []) {
    boards.forEach((b) => this.attach(b));
  }

  /** Listens on 127.0.0.1 only; port 0 picks a free one. */
  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Plugs a board in (USB) and tells every `track-devices` listener. */
  attach(board: FakeBoard): void {
    if (!this.boards.includes(board)) this.boards.push(board);
    board.gone = false;
    this.transportIds.set(board, this.nextTransportId++);
    this.notify();
  }

  /** Unplugs a board. */
  detach(board: FakeBoard): void {
    board.gone = true;
    this.notify();
  }

  private visible(): FakeBoard[] {
    return this.boards.filter((b) => !b.gone);
  }

  private deviceList(long: boolean): string {
    return this.visible()
      .map((b) => b.devicesLine(long, this.transportIds.get(b) ?? 0))
      .join('');
  }

  private notify(): void {
    const list = this.deviceList(false);
    for (const t of this.trackers) t.write(`${hex4(Buffer.byteLength(list))}${list}`);
  }

  private select(serial: string | null): FakeBoard | string {
    const visible = this.visible();
    const board = serial === null ? visible[0] : visible.find((b) => b.serial === serial);
    if (serial === null && visible.length === 0) return 'no devices/emulators found';
    if (serial === null && visible.length > 1) return 'more than one device/emulator';
    if (!board) return `device '${serial}' not found`;
    if (board.state === 'unauthorized') return UNAUTHORIZED;
    if (board.state === 'offline') return 'device offline';
    return board;
  }

  private async serve(socket: net.Socket): Promise<void> {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.trackers.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    const reader = new SocketReader(socket);
    let board: FakeBoard | null = null;
    for (;;) {
      const length = parseInt((await reader.read(4)).toString('latin1'), 16);
      const request = (await reader.read(length)).toString('utf8');
      this.requests.push(request);
      if (board) return this.serveDevice(socket, reader, board, request);
      const outcome = this.serveHost(socket, request);
      if (outcome === 'close') return void socket.end();
      if (outcome === 'keep') return;
      if (outcome !== 'next') board = outcome;
    }
  }

  /** Host requests; returns the selected board after a transport switch, 'next' to read another request. */
  private serveHost(socket: net.Socket, request: string): FakeBoard | 'close' | 'keep' | 'next' {
    const reply = (data: Buffer): 'close' => (socket.write(data), 'close');
    if (request === 'host:version') return reply(okayWith(hex4(ADB_SERVER_VERSION)));
    if (request === 'host:kill') return reply(Buffer.from('OKAY'));
    if (request === 'host:devices' || request === 'host:devices-l')
      return reply(okayWith(this.deviceList(request.endsWith('-l'))));
    if (request === 'host:track-devices') {
      const list = this.deviceList(false);
      socket.write(`OKAY${hex4(Buffer.byteLength(list))}${list}`);
      this.trackers.add(socket);
      return 'keep';
    }
    const connect = /^host:connect:(.+)$/.exec(request);
    if (connect) {
      const address = connect[1].includes(':') ? connect[1] : `${connect[1]}:5555`;
      if (this.halfOpen.has(address)) {
        const ghost = this.boards.find((b) => b.serial === address);
        this.attach(ghost ?? new FakeBoard({ serial: address, state: 'offline', os: 'linux' }));
        return reply(okayWith(`failed to authenticate to ${address}`));
      }
      const target = this.network.get(address);
      if (!target) return reply(okayWith(`failed to connect to '${address}': Connection refused`));
      const already = this.visible().includes(target);
      this.attach(target);
      return reply(okayWith(`${already ? 'already connected' : 'connected'} to ${address}`));
    }
    const disconnect = /^host:disconnect:(.+)$/.exec(request);
    if (disconnect) {
      // Like connect, an address without a port means adb's default 5555.
      const address = disconnect[1].includes(':') ? disconnect[1] : `${disconnect[1]}:5555`;
      const target = this.visible().find((b) => b.serial === address);
      if (!target) return reply(okayWith(`no such device '${address}'`));
      this.detach(target);
      return reply(okayWith(`disconnected ${address}`));
    }
    const waitFor =
      /^host(?:-serial:(.+)|-transport-id:(\d+)|):wait-for-(?:any|usb|local)-(device|disconnect|any)$/.exec(request);
    if (waitFor) {
      socket.write('OKAY');
      void this.waitFor(socket, waitFor[1] ?? null, waitFor[2] ? Number(waitFor[2]) : null, waitFor[3]);
      return 'keep';
    }
    const serialQuery =
      /^host-serial:(.+):(features|get-state|get-serialno)$/.exec(request) ??
      /^host:(features|get-state|get-serialno)$/.exec(request);
    if (serialQuery) {
      const [serial, what] = serialQuery.length === 3 ? [serialQuery[1], serialQuery[2]] : [null, serialQuery[1]];
      const found = this.select(serial);
      if (what === 'get-state') {
        const raw = serial === null ? this.visible()[0] : this.visible().find((b) => b.serial === serial);
        return reply(raw ? okayWith(raw.state) : failWith(typeof found === 'string' ? found : 'device not found'));
      }
      if (typeof found === 'string') return reply(failWith(found));
      return reply(okayWith(what === 'features' ? found.features.join(',') : found.serial));
    }
    const tport = /^host:(?:tport:(serial:(.+)|any|usb|local)|transport:(.+)|transport-(any|usb|local))$/.exec(request);
    if (tport) {
      const serial = tport[2] ?? tport[3] ?? null;
      const found = this.select(serial);
      if (typeof found === 'string') return reply(failWith(found));
      const id = Buffer.alloc(8);
      id.writeBigUInt64LE(BigInt(this.transportIds.get(found) ?? 0));
      socket.write(request.startsWith('host:tport:') ? Buffer.concat([Buffer.from('OKAY'), id]) : Buffer.from('OKAY'));
      return found;
    }
    return reply(failWith(`unsupported by fake: ${request}`));
  }

  /** `wait-for-…`: a second OKAY once the board (by serial or transport id) is there, or gone for `disconnect`. */
  private async waitFor(
    socket: net.Socket,
    serial: string | null,
    transportId: number | null,
    state: string,
  ): Promise<void> {
    const present = (): boolean =>
      this.visible().some(
        (b) =>
          (serial === null || b.serial === serial) &&
          (transportId === null || this.transportIds.get(b) === transportId) &&
          (state !== 'device' || b.state === 'device'),
      );
    while (!socket.destroyed && (state === 'disconnect' ? present() : !present()))
      await new Promise((r) => setTimeout(r, 50));
    if (!socket.destroyed) socket.end('OKAY');
  }

  private async serveDevice(
    socket: net.Socket,
    reader: SocketReader,
    board: FakeBoard,
    request: string,
  ): Promise<void> {
    if (board.gone) return void socket.end(failWith(`device '${board.serial}' not found`));
    if (request === 'sync:') {
      socket.write('OKAY');
      return this.serveSync(socket, reader, board);
    }
    if (request === 'root:') {
      const { reply, restarts } = board.requestRoot();
      socket.end(Buffer.concat([Buffer.from('OKAY'), Buffer.from(reply)]));
      // adbd exits and comes back as root: the transport goes away, then a new one appears.
      if (restarts) {
        setTimeout(() => this.detach(board), 50);
        setTimeout(() => this.attach(board), 50 + (board.options.adbdRestartMs ?? 400));
      }
      return;
    }
    if (request === 'remount:')
      return void socket.end(Buffer.concat([Buffer.from('OKAY'), Buffer.from(board.remount())]));
    const shell = /^(shell|exec)(,[^:]*)?:(.*)$/s.exec(request);
    if (!shell) return void socket.end(failWith(`unsupported by fake: ${request}`));
    const v2 = (shell[2] ?? '').split(',').includes('v2');
    socket.write('OKAY');
    const result = await board.shell(shell[3]);
    if (result === null) {
      this.notify();
      return void socket.destroy();
    }
    if (!v2) return void socket.end(Buffer.concat([result.stdout, result.stderr]));
    const packet = (id: number, data: Buffer): Buffer => {
      const head = Buffer.alloc(5);
      head.writeUInt8(id, 0);
      head.writeUInt32LE(data.length, 1);
      return Buffer.concat([head, data]);
    };
    const parts = [
      result.stdout.length ? packet(1, result.stdout) : null,
      result.stderr.length ? packet(2, result.stderr) : null,
      packet(3, Buffer.from([result.code & 0xff])),
    ];
    socket.end(Buffer.concat(parts.filter((p): p is Buffer => p !== null)));
  }

  private async serveSync(socket: net.Socket, reader: SocketReader, board: FakeBoard): Promise<void> {
    const header = (id: string, a: number, b?: number, c?: number): Buffer => {
      const buf = Buffer.alloc(4 + 4 * (b === undefined ? 1 : 3));
      buf.write(id, 0, 'latin1');
      buf.writeUInt32LE(a, 4);
      if (b !== undefined) {
        buf.writeUInt32LE(b, 8);
        buf.writeUInt32LE(c ?? 0, 12);
      }
      return buf;
    };
    const syncFail = (message: string): Buffer =>
      Buffer.concat([header('FAIL', Buffer.byteLength(message)), Buffer.from(message)]);
    for (;;) {
      const head = await reader.read(8);
      const id = head.subarray(0, 4).toString('latin1');
      const length = head.readUInt32LE(4);
      if (id === 'QUIT') return void socket.end();
      const payload = (await reader.read(length)).toString('utf8');
      if (id === 'STAT') {
        const file = board.files.get(path.normalize(payload));
        if (file) socket.write(header('STAT', 0o100000 | file.mode, file.data.length, file.mtime));
        else if (board.isDir(payload)) socket.write(header('STAT', 0o040755, 4096, 0));
        else socket.write(header('STAT', 0, 0, 0));
      } else if (id === 'SEND') {
        const comma = payload.lastIndexOf(',');
        const target = path.normalize(payload.slice(0, comma));
        const mode = Number(payload.slice(comma + 1)) & 0o7777;
        const chunks: Buffer[] = [];
        let received = 0;
        for (;;) {
          const chunkHead = await reader.read(8);
          const chunkId = chunkHead.subarray(0, 4).toString('latin1');
          const size = chunkHead.readUInt32LE(4);
          if (chunkId === 'DONE') break;
          if (chunkId !== 'DATA') return void socket.end(syncFail(`unexpected sync id ${chunkId}`));
          chunks.push(await reader.read(size));
          received += size;
          const drop = board.options.dropDuringPushAfterBytes;
          if (drop !== undefined && received > drop) {
            this.detach(board);
            return void socket.destroy();
          }
        }
        if (board.isReadOnly(target)) socket.write(syncFail(`couldn't create file: Read-only file system`));
        else {
          board.writeFile(target, Buffer.concat(chunks), mode);
          socket.write(header('OKAY', 0));
        }
      } else return void socket.end(syncFail(`unsupported sync request ${id}`));
    }
  }
}
