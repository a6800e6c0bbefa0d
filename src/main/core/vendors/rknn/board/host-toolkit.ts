import type { Settings } from '../../../../../shared/contract';
import { runPythonDriver } from '../../../toolchains/python-driver';
import { resolvePython } from '../../../toolchains/python-locate';
import { pythonScript } from '../../../workspace/resources-dir';
import type { HostToolkit } from '../../vendor-module';

/**
 * rknn-toolkit2 in the configured Python, via the env_snapshot driver: its version and where its `rknn` package
 * lives (the runtime fix looks for the SDK's rknpu2/runtime next to it); null when the toolkit is missing. Throws
 * when Python itself does not run, so each caller decides what that means.
 */
export async function snapshotHostToolkit(
  settings: Pick<Settings, 'pythonPath'>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HostToolkit | null> {
  const { result } = await runPythonDriver({
    python: resolvePython(settings),
    script: pythonScript('env_snapshot.py'),
    config: { packages: ['rknn.api'] },
    timeoutMs,
    signal,
  });
  const version = (result.packages as Record<string, string | null> | undefined)?.['rknn-toolkit2'];
  const location = (result.paths as Record<string, string> | undefined)?.['rknn-toolkit2'];
  if (typeof version !== 'string') return null;
  return {
    version: version === 'unknown' ? null : version,
    location: typeof location === 'string' ? location : null,
  };
}

/** The toolkit for the doctor and the runtime fix; null also when Python is missing (the doctor says so). */
export async function detectHostToolkit(
  settings: Pick<Settings, 'pythonPath'>,
  signal?: AbortSignal,
): Promise<HostToolkit | null> {
  try {
    return await snapshotHostToolkit(settings, 60_000, signal);
  } catch {
    return null;
  }
}

/** The version alone (board runs' preflight). */
export const detectHostToolkitVersion = async (
  settings: Pick<Settings, 'pythonPath'>,
  signal?: AbortSignal,
): Promise<string | null> => (await detectHostToolkit(settings, signal))?.version ?? null;
