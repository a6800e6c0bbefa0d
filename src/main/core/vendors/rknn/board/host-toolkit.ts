import type { Settings } from '../../../../../shared/contract';
import { runPythonDriver } from '../../../toolchains/python-driver';
import { resolvePython } from '../../../toolchains/python-locate';
import { pythonScript } from '../../../workspace/resources-dir';

/**
 * The rknn-toolkit2 version in the configured Python, via the env_snapshot driver; null when Python
 * or the toolkit is missing (the doctor then skips the toolkit comparison and says so).
 */
export async function detectHostToolkitVersion(
  settings: Pick<Settings, 'pythonPath'>,
  signal?: AbortSignal,
): Promise<string | null> {
  try {
    const { result } = await runPythonDriver({
      python: resolvePython(settings),
      script: pythonScript('env_snapshot.py'),
      config: { packages: ['rknn.api'] },
      timeoutMs: 60_000,
      signal,
    });
    const version = (result.packages as Record<string, string | null> | undefined)?.['rknn-toolkit2'];
    return typeof version === 'string' && version !== 'unknown' ? version : null;
  } catch {
    return null;
  }
}
