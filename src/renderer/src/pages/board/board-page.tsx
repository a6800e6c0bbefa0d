import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';

/** Boards reachable over adb: probe, runtime versions and the doctor's problems with fixes. */
export function BoardPage(): React.JSX.Element {
  return (
    <div className="page">
      <PageHeader title="Board" subtitle="Devices connected over adb, their NPU runtime and driver versions." />
      <EmptyState title="No board connected">
        Connect an RK3588/RK3568/RV1106 board with USB or <code>adb connect IP:5555</code>, then reopen this page.
      </EmptyState>
    </div>
  );
}
