import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';

/** Which conversion toolchains were found, where, and how to install what is missing. */
export function ToolchainsPage(): React.JSX.Element {
  return (
    <div className="page">
      <PageHeader title="Toolchains" subtitle="Python environment, rknn-toolkit2, ATC and TensorRT as the workbench sees them." />
      <EmptyState title="No toolchain check yet">
        Set the Python interpreter of your conversion environment in settings (<code>npu-workbench settings set pythonPath …</code>); the doctor results will show here.
      </EmptyState>
    </div>
  );
}
