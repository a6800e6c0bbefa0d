import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { shQuote } from '../../board/shell-quote';
import { UserError } from '../../errors/user-error';
import type { BoardConnection, Nfs } from './hisi-board-link';

export const prepareCommand = (dir: string) => `rm -rf ${shQuote(dir)} && mkdir -p ${shQuote(path.posix.dirname(dir))}`;
export const removeCommand = (dir: string) => `rm -rf ${shQuote(dir)}`;

/** How the upload folder reaches the board and the results come back. */
export interface BoardTransfer {
  /** The folder a relative remoteDir is under. */
  base(home: string | null): string | null;
  upload(local: string, remoteDir: string): Promise<void>;
  fetch(remotePath: string, local: string, missing: () => UserError): Promise<void>;
  remove(remoteDir: string): Promise<void>;
}

/** scp over the board's ssh link (an empty parent first: `scp -r` then creates the folder itself). */
export function scpTransfer(link: BoardConnection): BoardTransfer {
  return {
    base: (home) => home,
    async upload(local, dir) {
      const prepared = await link.ssh(prepareCommand(dir), 'preparing the upload folder');
      if (prepared.exitCode !== 0)
        throw new UserError(`Cannot create ${dir} on the board ${link.where}: ${prepared.lines.at(-1) ?? ''}`);
      await link.copy(local, link.remote(dir), 'uploading the model and images');
    },
    fetch: (remotePath, local, missing) => link.copy(link.remote(remotePath), local, 'fetching the results', missing),
    async remove(dir) {
      await link.ssh(removeCommand(dir), 'removing the upload folder');
    },
  };
}

/** Copies through the NFS export; results the runner writes outside the mount still come back with scp. */
export function nfsTransfer(nfs: Nfs, link: BoardConnection): BoardTransfer {
  const onHost = (remote: string): string | null => {
    const rel = path.posix.relative(nfs.remote, remote);
    return rel.startsWith('..') || path.posix.isAbsolute(rel) ? null : path.join(nfs.local, ...rel.split('/'));
  };
  const scp = scpTransfer(link);
  return {
    base: () => nfs.remote,
    async upload(local, dir) {
      const host = onHost(dir);
      if (!host)
        throw new UserError(
          `The upload folder ${dir} is not inside the NFS mount ${nfs.remote}`,
          'Use a relative remoteDir (it goes under the mount), or one under board.nfs.remote.',
          'invalid_input',
        );
      if (!existsSync(nfs.local))
        throw new UserError(
          `The NFS export ${nfs.local} does not exist`,
          'Set board.nfs.local to the exported folder.',
        );
      await rm(host, { recursive: true, force: true });
      await mkdir(path.dirname(host), { recursive: true });
      await cp(local, host, { recursive: true });
    },
    async fetch(remotePath, local, missing) {
      const host = onHost(remotePath);
      if (!host) return scp.fetch(remotePath, local, missing);
      if (!existsSync(host)) throw missing();
      await cp(host, local, { recursive: true });
    },
    async remove(dir) {
      const host = onHost(dir);
      if (host) await rm(host, { recursive: true, force: true });
    },
  };
}
