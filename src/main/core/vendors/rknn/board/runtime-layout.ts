/**
 * Where each kind of board keeps the NPU runtime (reference/rknn-toolkit2.md §3). RV1103/RV1106
 * run the mini runtime `librknnmrt.so` from /oem instead of `librknnrt.so`; `rknn_server` itself
 * loads /usr/lib/librknnrt.so or /oem/usr/lib/librknnmrt.so.
 */
export type RuntimeKind = 'linux' | 'android' | 'mini';

/** The first existing path wins. */
export const RUNTIME_PATHS: Record<RuntimeKind, { server: readonly string[]; lib: readonly string[] }> = {
  linux: {
    server: ['/usr/bin/rknn_server', '/oem/usr/bin/rknn_server'],
    lib: ['/usr/lib/librknnrt.so', '/usr/lib64/librknnrt.so', '/oem/usr/lib/librknnmrt.so'],
  },
  android: { server: ['/vendor/bin/rknn_server'], lib: ['/vendor/lib64/librknnrt.so', '/vendor/lib/librknnrt.so'] },
  mini: {
    server: ['/oem/usr/bin/rknn_server', '/usr/bin/rknn_server'],
    lib: ['/oem/usr/lib/librknnmrt.so', '/usr/lib/librknnmrt.so'],
  },
};

const MINI_RUNTIME_SOCS = new Set(['rv1103', 'rv1103b', 'rv1106', 'rv1106b']);

export function runtimeKind(board: { os: string; soc: string | null }): RuntimeKind {
  if (board.os === 'android') return 'android';
  return board.soc && MINI_RUNTIME_SOCS.has(board.soc) ? 'mini' : 'linux';
}

/** 32-bit ARM userland (armv7l, armeabi-v7a, armhf); everything else is taken as 64-bit ARM, the RK35xx norm. */
export const is32BitArm = (abi: string | null): boolean => abi !== null && /^(armv[78]l|armeabi|armhf|arm$)/.test(abi);

/** Where the runtime library goes when the board has none yet: 32-bit Android keeps it in /vendor/lib. */
export const defaultLibPath = (kind: RuntimeKind, abi: string | null): string =>
  kind === 'android' && is32BitArm(abi) ? '/vendor/lib/librknnrt.so' : RUNTIME_PATHS[kind].lib[0];

export const runtimeLibName = (kind: RuntimeKind): string => (kind === 'mini' ? 'librknnmrt.so' : 'librknnrt.so');

/**
 * The banner label to grep for in a runtime library. Whether librknnmrt.so says "librknnmrt version"
 * or "librknnrt version" is unconfirmed, so its pattern takes both; it is valid as a grep basic
 * regular expression and as a JavaScript one.
 */
export const runtimeVersionLabel = (libPath: string): string =>
  libPath.endsWith('librknnmrt.so') ? 'librknn[m]*rt' : 'librknnrt';
