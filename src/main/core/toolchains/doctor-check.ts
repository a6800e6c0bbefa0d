import { execa } from 'execa';
import type { DoctorCheck } from '../../../shared/contract/toolchains-contract';

/** The pieces vendor doctors build their checks and tool probes from (vendors/<id>/*-doctor.ts). */

export const doctorCheck = (
  id: string,
  level: DoctorCheck['level'],
  message: string,
  hint: string | null = null,
): DoctorCheck => ({ id, level, message, hint });

export const pickEnv = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** Everything `tool args` prints within a few seconds (stdout and stderr), whatever its exit code. */
export async function toolOutput(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const out = await execa(file, args, {
    reject: false,
    timeout: 10_000,
    all: true,
    stdin: 'ignore',
    env: pickEnv(env),
    extendEnv: false,
  });
  return out.all ?? '';
}

/** The first match of `pattern` in `tool args`' output (its first group if any); null when nothing matches. */
export async function probeVersion(
  file: string,
  args: string[],
  pattern: RegExp,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  const m = pattern.exec(await toolOutput(file, args, env));
  return m ? (m[1] ?? m[0]).trim() : null;
}
