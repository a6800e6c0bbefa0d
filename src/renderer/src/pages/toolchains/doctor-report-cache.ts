import type { WorkbenchApi } from '../../../../shared/contract';
import type { DoctorReport } from '../../../../shared/contract/toolchains-contract';

/** The last doctor report of this session: a revisit shows it at once instead of re-running the doctor (seconds). */
let last: DoctorReport | null = null;
/** The first check of the configured interpreter, shared by the idle prefetch and the page. */
let first: Promise<DoctorReport> | null = null;

export function lastDoctorReport(): DoctorReport | null {
  return last;
}

export function keepDoctorReport(report: DoctorReport): DoctorReport {
  return (last = report);
}

/**
 * The configured interpreter's doctor report: the session's last one, else one check however many ask (the app
 * starts it when idle, so the first open of Toolchains shows it without waiting for Python to import its packages).
 * A failed check is not kept: the next caller runs it again.
 */
export function doctorReport(api: WorkbenchApi): Promise<DoctorReport> {
  if (last) return Promise.resolve(last);
  first ??= api.toolchains.doctor({ scanAll: false }).then(keepDoctorReport, (e: unknown) => {
    first = null;
    throw e;
  });
  return first;
}
