import { useCallback, useEffect, useState } from 'react';
import type { DoctorReport } from '../../../../shared/contract/toolchains-contract';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { DoctorChecks } from './doctor-checks';
import { InterpreterTable } from './interpreter-table';
import { doctorReport, keepDoctorReport, lastDoctorReport } from './doctor-report-cache';

/** `report` with one interpreter's row replaced by a fresh inspection of it. */
function withInterpreter(report: DoctorReport, fresh: DoctorReport, path: string): DoctorReport {
  const row = fresh.interpreters.find((i) => i.path === path);
  if (!row) return report;
  return {
    ...report,
    interpreters: report.interpreters.map((i) => (i.path === path ? { ...row, selected: i.selected } : i)),
  };
}

/** The toolchain doctor: Python interpreters and their packages, vendor tools, and what to install or fix. */
export function ToolchainsPage(): React.JSX.Element {
  const api = useApi();
  const [report, setReportState] = useState<DoctorReport | null>(lastDoctorReport);
  const setReport = useCallback((r: DoctorReport) => setReportState(keepDoctorReport(r)), []);
  const [error, setError] = useState<unknown>(null);
  const [scanAll, setScanAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState<string | null>(null);
  const check = useCallback(
    (all: boolean) => {
      setBusy(true);
      setError(null);
      api.toolchains
        .doctor({ scanAll: all })
        .then(setReport, setError)
        .finally(() => setBusy(false));
    },
    [api, setReport],
  );
  // The configured interpreter's report: the session's (or the idle prefetch's), else checked now.
  useEffect(() => {
    if (lastDoctorReport()) return;
    let live = true;
    setBusy(true);
    doctorReport(api)
      .then(
        (r) => live && setReportState(r),
        (e: unknown) => live && setError(e),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [api]);
  const checkOne = async (path: string): Promise<void> => {
    setChecking(path);
    try {
      const fresh = await api.toolchains.doctor({ python: path });
      const shown = lastDoctorReport();
      if (shown) setReport(withInterpreter(shown, fresh, path));
    } catch (e) {
      setError(e);
    } finally {
      setChecking(null);
    }
  };
  const use = async (pythonPath: string): Promise<void> => {
    try {
      await api.settings.update({ pythonPath });
      check(scanAll);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="page toolchains-page">
      <PageHeader
        title="Toolchains"
        subtitle={
          report
            ? `Host ${report.host.platform}-${report.host.arch}. Conversion runs use the selected interpreter.`
            : 'Checking the Python environments and vendor tools…'
        }
      >
        <label className="filter check">
          <input type="checkbox" checked={scanAll} onChange={(e) => setScanAll(e.target.checked)} />
          scan every environment (venv, conda, pyenv)
        </label>
        <button type="button" onClick={() => check(scanAll)} disabled={busy}>
          {busy ? 'Checking…' : 'Re-check'}
        </button>
      </PageHeader>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {report && (
        <>
          <DoctorChecks checks={report.checks} />
          <h2 className="section-title">Python interpreters</h2>
          <InterpreterTable
            interpreters={report.interpreters}
            onUse={(p) => void use(p)}
            onCheck={(p) => void checkOne(p)}
            checking={checking}
          />
          <h2 className="section-title">Vendor tools</h2>
          <table className="data-table" aria-label="Vendor tools">
            <thead>
              <tr>
                <th>Tool</th>
                <th>Found at</th>
                <th>Version</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {report.tools.map((t) => (
                <tr key={t.name}>
                  <th scope="row">{t.name}</th>
                  <td className="mono">{t.path ?? <span className="muted">not found</span>}</td>
                  <td>{t.version ?? '—'}</td>
                  <td className="wrap">{t.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
