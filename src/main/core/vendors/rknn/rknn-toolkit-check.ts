import type { Settings } from '../../../../shared/contract';
import { resolvePython } from '../../toolchains/python-locate';
import { snapshotHostToolkit } from './board/host-toolkit';

/**
 * rknn-toolkit2 is usable when `rknn.api` imports in the interpreter the rknn stages run with (same Python, same
 * environment), asked through the env-snapshot driver; a Python that cannot start counts as missing too.
 */
export async function rknnToolkitMissing(settings: Settings, signal?: AbortSignal): Promise<string | null> {
  const python = resolvePython(settings);
  try {
    return (await snapshotHostToolkit(settings, 120_000, signal))
      ? null
      : `rknn-toolkit2 is not installed in ${python}`;
  } catch (error) {
    return `rknn-toolkit2 is not usable: ${python} did not run (${(error as Error).message.split('\n')[0]})`;
  }
}
