import type { DoctorCheck, InterpreterReport } from '../../../../shared/contract/toolchains-contract';
import { doctorCheck as check } from '../../toolchains/doctor-check';
import { compareVersions } from '../../toolchains/versions';

/**
 * rknn-toolkit2 2.3.2's x86_64 requirements (packages/x86_64/requirements_cp311-2.3.2.txt) and its wheel
 * range (cp36–cp312, Linux x86_64/aarch64). Newer PyPI releases (2.5.0) have no published requirements here.
 */
const RKNN_232 = {
  python: ['3.6', '3.12'],
  torch: ['1.10.1', '2.4.0'],
  onnxMin: '1.16.1',
  numpyMax: '1.26.4',
} as const;

/** rknn-toolkit2 in the selected interpreter: OS/arch, Python range, pinned dependency ranges. */
export function rknnDoctorChecks(py: InterpreterReport & { version: string }): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  const pkg = (name: string): string | null => py.packages[name] ?? null;
  const rknn = pkg('rknn-toolkit2');
  // A version that holds no number (`unknown`) makes no claim: it compares as in range.
  const cmp = (a: string, b: string): number => compareVersions(a, b) ?? 0;
  const linuxOk = py.system === 'Linux' && (py.machine === 'x86_64' || py.machine === 'aarch64');
  if (!linuxOk)
    out.push(
      check(
        'rknn-platform',
        rknn ? 'error' : 'warning',
        `rknn-toolkit2 runs on Linux x86_64/aarch64 only; this interpreter is ${py.system} ${py.machine}`,
        'Run the workbench (or `npu-workbench serve`) on a Linux x86_64 machine, ' +
          'or use WSL2 (doc/Using RKNN-ToolKit2 in WSL.md).',
      ),
    );
  const pyInRange =
    cmp(py.version, RKNN_232.python[0]) >= 0 &&
    cmp(py.version.split('.').slice(0, 2).join('.'), RKNN_232.python[1]) <= 0;
  if (!pyInRange)
    out.push(
      check(
        'rknn-python',
        rknn ? 'error' : 'warning',
        `rknn-toolkit2 2.3.2 has wheels for Python 3.6–3.12; this is Python ${py.version}`,
        'Create a Python 3.10–3.12 venv for the RKNN toolchain and select it in Settings.',
      ),
    );
  if (!rknn) {
    out.push(
      check(
        'rknn-toolkit2',
        'info',
        'rknn-toolkit2 is not installed: RKNN convert / accuracy analysis / board runs are unavailable',
        'pip install rknn-toolkit2 (or the wheel from airockchip/rknn-toolkit2 packages/) ' +
          'in a Python 3.8–3.12 venv on Linux.',
      ),
    );
  } else {
    out.push(
      check(
        'rknn-toolkit2',
        'ok',
        `rknn-toolkit2 ${rknn}; the board's rknn_server and librknnrt must be the same version`,
        'Check the board with the board doctor; push the matching runtime from rknpu2/runtime if they differ.',
      ),
    );
    if (py.machine === 'aarch64')
      out.push(
        check(
          'rknn-arm64',
          'info',
          'ARM64 rknn-toolkit2: ONNX/PyTorch loaders only, no adb/device_id; it uses the local /usr/lib64/librknnrt.so',
        ),
      );
  }
  const torch = pkg('torch');
  if (torch && (cmp(torch, RKNN_232.torch[0]) < 0 || cmp(torch, RKNN_232.torch[1]) > 0)) {
    out.push(
      check(
        'rknn-torch',
        rknn ? 'warning' : 'info',
        `torch ${torch} is outside rknn-toolkit2 2.3.2's pinned range ${RKNN_232.torch[0]}–${RKNN_232.torch[1]}`,
        'Use a separate venv for the RKNN toolchain if pip refuses the install.',
      ),
    );
  }
  const onnx = pkg('onnx');
  if (onnx && cmp(onnx, RKNN_232.onnxMin) < 0)
    out.push(
      check(
        'rknn-onnx',
        rknn ? 'warning' : 'info',
        `onnx ${onnx} is older than rknn-toolkit2 2.3.2 requires (>= ${RKNN_232.onnxMin})`,
        'Installing rknn-toolkit2 will upgrade onnx; export with opset ≤ 17 stays compatible.',
      ),
    );
  const numpy = pkg('numpy');
  if (rknn && numpy && cmp(numpy, RKNN_232.numpyMax) > 0)
    out.push(
      check(
        'rknn-numpy',
        'warning',
        `numpy ${numpy} is newer than rknn-toolkit2 2.3.2 allows (<= ${RKNN_232.numpyMax})`,
        'pip install "numpy<=1.26.4" in the RKNN venv.',
      ),
    );
  const lite = pkg('rknn-toolkit-lite2');
  if (lite && py.machine !== 'aarch64')
    out.push(
      check(
        'rknn-lite2',
        'warning',
        `rknn-toolkit-lite2 ${lite} is installed on ${py.machine}; it only runs on the board (aarch64 with librknnrt)`,
        'Use rknn-toolkit2 on the host; install lite2 on the board.',
      ),
    );
  return out;
}
