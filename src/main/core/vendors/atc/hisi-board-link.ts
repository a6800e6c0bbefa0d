import { z } from 'zod';
import { UserError } from '../../errors/user-error';
import type { ToolRun } from '../../toolchains/backend';
import { runTool, type ToolOutcome } from '../../toolchains/tool-process';

/** A path on the board that scp may pass through the board's shell (legacy protocol): no spaces or metacharacters. */
export const RemotePathSchema = z
  .string()
  .regex(/^[A-Za-z0-9._+/-]+$/, 'use letters, digits and . _ + - / only (the path may pass through the board shell)');

/** An NFS export the board mounts (the SDK guide's `mount -t nfs … /mnt`): files move as local copies. */
export const NfsSchema = z
  .object({
    local: z.string().min(1).describe('the exported folder on this machine, e.g. /home/hispark/shared'),
    remote: RemotePathSchema.refine((p) => p.startsWith('/'), 'an absolute path').describe(
      'where the board mounts it, e.g. /mnt',
    ),
  })
  .strict();
export type Nfs = z.output<typeof NfsSchema>;

/** How to reach a HiSilicon board: OpenSSH with a key installed (`ssh-copy-id root@board`), as the SDK guide says. */
export const BoardLinkSchema = z
  .object({
    host: z
      .string()
      .regex(/^(?:[A-Za-z0-9_][A-Za-z0-9._-]*@)?[A-Za-z0-9][A-Za-z0-9.:_-]*$/, 'user@host, e.g. root@192.168.2.88')
      .describe('user@host of the board, e.g. root@192.168.2.88'),
    port: z.number().int().min(1).max(65535).default(22),
    key: z.string().min(1).optional().describe("private key file (default: ssh's own keys and config)"),
    connectTimeoutSec: z.number().int().min(1).max(300).default(10),
    ssh: z.string().min(1).default('ssh').describe('the ssh client'),
    scp: z.string().min(1).default('scp').describe('the scp client'),
    legacyScp: z.boolean().default(false).describe('scp -O (old protocol) for boards without an sftp-server'),
    nfs: NfsSchema.optional().describe('copy through an NFS export the board mounts instead of scp'),
  })
  .strict();
export type BoardLink = z.output<typeof BoardLinkSchema>;

/** Options of every call: never prompt, bounded connect, keepalives so a board that vanishes is noticed in ~15 s. */
function commonOptions(b: BoardLink): string[] {
  return [
    ...['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${b.connectTimeoutSec}`],
    ...['-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3'],
    ...(b.key ? ['-i', b.key, '-o', 'IdentitiesOnly=yes'] : []),
  ];
}

/** ssh arguments for one remote command line (already quoted for the board's sh). */
export const sshArgs = (b: BoardLink, command: string): string[] => [
  ...commonOptions(b),
  '-p',
  String(b.port),
  '--',
  b.host,
  command,
];

/** scp arguments copying `from` to `to` (`host:path` for the board side), folders included. */
export const scpArgs = (b: BoardLink, from: string, to: string): string[] => [
  ...commonOptions(b),
  '-P',
  String(b.port),
  ...(b.legacyScp ? ['-O'] : []),
  '-r',
  '--',
  from,
  to,
];

const ALL_EXIT_CODES = Array.from({ length: 256 }, (_, i) => i);
/** What ssh/scp print when the link, not the command, failed. */
const LINK_FAILURE =
  /Connection refused|No route to host|timed out|closed by remote host|Broken pipe|Connection reset|not responding|Could not resolve|Network is unreachable|Permission denied|Host key verification failed|kex_exchange_identification|lost connection/i;

const causeOf = (o: ToolOutcome): string =>
  [...o.lines].reverse().find((l) => LINK_FAILURE.test(l)) ?? o.lines.at(-1) ?? `exit code ${o.exitCode}`;

/**
 * ssh/scp to one board, each call an argument array (runTool: own process group, cancel and timeout kill it).
 * A link failure becomes a UserError saying whether the board could not be reached or went away mid-step.
 */
export function boardLink(b: BoardLink, run: Omit<ToolRun, 'python'>) {
  const where = `${b.host} (port ${b.port})`;
  let reached = false;
  const hint = "Install the OpenSSH client (apt-get install openssh-client) or set the stage's board.ssh / board.scp.";
  const linkError = (o: ToolOutcome, step: string) =>
    reached
      ? new UserError(
          `Lost the connection to the board ${where} while ${step}: ${causeOf(o)}`,
          'The board went away (power, cable, network) or its sshd stopped. What the run stored before this stage ' +
            'is kept; bring the board back and run the stage again (resume the run).',
          'failed',
        )
      : new UserError(
          `Cannot reach the board ${where} over ssh: ${causeOf(o)}`,
          'Check that the board is on and on the network, sshd runs on it, and the address and port are right. The ' +
            'key must be installed (ssh-copy-id root@board): the workbench never answers a password prompt.',
          'failed',
        );
  const call = (file: string, args: string[], timeoutMs?: number) =>
    runTool(file, args, { ...run, timeoutMs: timeoutMs ?? run.timeoutMs, okExitCodes: ALL_EXIT_CODES, hint });
  return {
    where,
    /** Runs a command line on the board; its exit code is returned, a link failure (255) thrown. */
    async ssh(command: string, step: string, timeoutMs?: number): Promise<ToolOutcome> {
      const outcome = await call(b.ssh, sshArgs(b, command), timeoutMs);
      if (outcome.exitCode === 255) throw linkError(outcome, step);
      reached = true;
      return outcome;
    },
    /** Copies with scp; a failure names the step (and whether the link or the file was the problem). */
    async copy(from: string, to: string, step: string, missing?: () => UserError): Promise<void> {
      const outcome = await call(b.scp, scpArgs(b, from, to));
      if (outcome.exitCode === 0) return void (reached = true);
      if (outcome.exitCode === 255 || outcome.lines.some((l) => LINK_FAILURE.test(l))) throw linkError(outcome, step);
      if (missing && outcome.lines.some((l) => /No such file or directory/.test(l))) throw missing();
      throw new UserError(`scp failed while ${step}: ${outcome.lines.at(-1) ?? `exit code ${outcome.exitCode}`}`);
    },
    remote: (p: string) => `${b.host}:${p}`,
  };
}
export type BoardConnection = ReturnType<typeof boardLink>;
