import { z } from 'zod';
import { EmptySchema } from './app-schemas';
import { ERROR_ACTIONS } from './errors';

/** States `adb devices` reports; anything else adb may invent maps to `unknown`. */
export const BoardStateSchema = z.enum([
  'device',
  'unauthorized',
  'offline',
  'authorizing',
  'connecting',
  'recovery',
  'sideload',
  'bootloader',
  'no_permissions',
  'unknown',
]);
export type BoardState = z.infer<typeof BoardStateSchema>;

export const BoardDeviceSchema = z.object({
  serial: z.string(),
  state: BoardStateSchema,
  model: z.string().nullable(),
  product: z.string().nullable(),
  device: z.string().nullable(),
  transportId: z.number().int().nullable(),
  /** `usb:1-1` for USB boards; null for network (`HOST:PORT`) boards. */
  usb: z.string().nullable(),
});
export type BoardDevice = z.infer<typeof BoardDeviceSchema>;

export const BoardProblemSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  fix: z.string(),
  /** The step that makes the fix, offered by each front end (CLI: its command; UI: its button). */
  action: z.enum(ERROR_ACTIONS).optional(),
});
export type BoardProblem = z.infer<typeof BoardProblemSchema>;

export const BoardReportSchema = z.object({
  serial: z.string(),
  state: BoardStateSchema,
  soc: z.string().nullable(),
  os: z.enum(['linux', 'android', 'unknown']),
  osVersion: z.string().nullable(),
  kernel: z.string().nullable(),
  /** CPU ABI: Android `ro.product.cpu.abi`, Linux `uname -m`; picks the runtime build to push. */
  abi: z.string().nullable(),
  npuDriver: z.string().nullable(),
  librknnrt: z.object({ version: z.string().nullable(), path: z.string().nullable() }),
  rknnServer: z.object({ version: z.string().nullable(), path: z.string().nullable(), running: z.boolean() }),
  /** Per-core NPU load in percent (needs root on the board). */
  npuLoad: z.array(z.number()).nullable(),
  /** Where rknn-toolkit2's accuracy analysis dumps tensors on this board, and its free space. */
  dumpDir: z.string().nullable(),
  storageFreeMb: z.number().nullable(),
  /** rknn-toolkit2 version on the host the runtime was compared with, when known. */
  toolkitVersion: z.string().nullable(),
  problems: z.array(BoardProblemSchema),
  probedAt: z.string(),
});
export type BoardReport = z.infer<typeof BoardReportSchema>;

export const BoardProbeInputSchema = z
  .object({
    serial: z.string().min(1).max(256).optional(),
    /** Host rknn-toolkit2 version; detected with the configured Python when omitted, skipped when null. */
    toolkitVersion: z.string().max(64).nullable().optional(),
    /** A `.rknn` to check against the board (its target platform and file format). */
    modelPath: z.string().max(4096).optional(),
    /** The model's target platform when known from its conversion run (e.g. rk3588). */
    targetPlatform: z.string().max(32).optional(),
  })
  .strict()
  .optional();

export const BoardFixInputSchema = z
  .object({
    serial: z.string().min(1).max(256),
    /** Folder holding rknn_server and librknnrt.so (TK2 `rknpu2/runtime`); default: Settings › vendorRuntimeDirs. */
    runtimeDir: z.string().max(4096).optional(),
  })
  .strict();

export const BoardFixOutputSchema = z.object({
  /** The folder the runtime was pushed from (given, configured, next to the toolkit or a usual clone location). */
  runtimeDir: z.string(),
  steps: z.array(z.string()),
  before: BoardReportSchema,
  after: BoardReportSchema,
});

export const BoardListSchema = z.object({
  adbPath: z.string(),
  serverPort: z.number().int(),
  devices: z.array(BoardDeviceSchema),
});

export const boardInvokeContract = {
  'board:list': { input: EmptySchema, output: BoardListSchema },
  'board:connect': {
    input: z.object({ address: z.string().min(1).max(300) }).strict(),
    output: z.object({ connected: z.boolean(), message: z.string(), device: BoardDeviceSchema.nullable() }),
  },
  'board:disconnect': {
    input: z.object({ address: z.string().min(1).max(300) }).strict(),
    output: z.object({ message: z.string() }),
  },
  'board:watch': { input: z.object({ enabled: z.boolean() }).strict(), output: z.object({ watching: z.boolean() }) },
  'board:probe': { input: BoardProbeInputSchema, output: BoardReportSchema },
  'board:fixRuntime': { input: BoardFixInputSchema, output: BoardFixOutputSchema },
  'board:push': {
    input: z
      .object({
        serial: z.string().min(1).max(256),
        localPath: z.string().min(1).max(4096),
        remotePath: z.string().min(1).max(4096),
      })
      .strict(),
    output: z.object({ remotePath: z.string(), bytes: z.number().int(), seconds: z.number() }),
  },
} as const;

/** Pushed whenever a board is plugged in, unplugged, authorized or goes offline (while `board:watch` is on). */
export const boardEventContract = {
  'board:devices': z.object({ devices: z.array(BoardDeviceSchema) }),
} as const;
