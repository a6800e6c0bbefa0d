import type { Settings, StageWhen } from '../../../shared/contract';
import { vendorToolkitMissing } from '../vendors';
import type { StageKind } from './stage-kind';

/**
 * Why a stage with `when:` does not run here, in plain words with the fix ("rknn-toolkit2 is not installed in
 * /usr/bin/python3; install it to get the rknn simulator column"), or null when its condition holds.
 */
export async function unmetCondition(
  when: StageWhen | undefined,
  kind: Pick<StageKind, 'title' | 'gives'>,
  settings: Settings,
  signal?: AbortSignal,
): Promise<string | null> {
  if (!when) return null;
  const missing = await vendorToolkitMissing(when.toolkit, settings, signal);
  return missing && `${missing}; install it to get ${kind.gives ?? `the ${kind.title} stage`}`;
}
