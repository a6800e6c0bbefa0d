import type { DoctorCheck, InterpreterReport, ToolReport } from '../../../shared/contract/toolchains-contract';

/** Numeric compare of dotted versions ("1.13.1+cpu" → [1,13,1]). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] =>
    v
      .split(/[^\d]+/)
      .filter(Boolean)
      .slice(0, 3)
      .map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

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

const check = (id: string, level: DoctorCheck['level'], message: string, hint: string | null = null): DoctorCheck => ({
  id,
  level,
  message,
  hint,
});

export function doctorChecks(
  host: { platform: string; arch: string },
  py: InterpreterReport,
  tools: ToolReport[],
): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  const pkg = (name: string): string | null => py.packages[name] ?? null;
  if (py.error || !py.version) {
    out.push(
      check(
        'python',
        'error',
        `Python interpreter ${py.path} could not be used: ${py.error ?? 'no version reported'}`,
        'Set a working interpreter: `npu-workbench settings set pythonPath /path/to/python3` ' +
          '(a venv with torch and onnx).',
      ),
    );
    return [...out, ...toolChecks(tools)];
  }
  out.push(check('python', 'ok', `Python ${py.version} at ${py.path} (${py.system ?? '?'} ${py.machine ?? '?'})`));
  for (const [name, why] of [
    ['torch', '.pt export'],
    ['onnx', 'export and graph checks'],
    ['numpy', 'every driver'],
  ] as const) {
    out.push(
      pkg(name)
        ? check(name, 'ok', `${name} ${pkg(name)}`)
        : check(
            name,
            'warning',
            `${name} is not installed; needed for ${why}`,
            `pip install ${name} in ${py.path}'s environment.`,
          ),
    );
  }
  out.push(
    pkg('ultralytics')
      ? check('ultralytics', 'ok', `ultralytics ${pkg('ultralytics')}: .pt export goes through YOLO(...).export`)
      : check(
          'ultralytics',
          'info',
          'ultralytics is not installed: .pt export uses the plain-torch path ' +
            '(TorchScript, or a state dict plus a named model class)',
          'pip install ultralytics to export Ultralytics checkpoints directly.',
        ),
  );
  out.push(
    pkg('onnxruntime')
      ? check('onnxruntime', 'ok', `onnxruntime ${pkg('onnxruntime')} (Python)`)
      : check(
          'onnxruntime',
          'info',
          'Python onnxruntime is not installed; the workbench itself uses onnxruntime-node, ' +
            'rknn-toolkit2 needs the Python one',
        ),
  );

  // rknn-toolkit2: OS/arch, Python range, pinned dependency ranges.
  const rknn = pkg('rknn-toolkit2');
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
    compareVersions(py.version, RKNN_232.python[0]) >= 0 &&
    compareVersions(py.version.split('.').slice(0, 2).join('.'), RKNN_232.python[1]) <= 0;
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
  if (torch && (compareVersions(torch, RKNN_232.torch[0]) < 0 || compareVersions(torch, RKNN_232.torch[1]) > 0)) {
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
  if (onnx && compareVersions(onnx, RKNN_232.onnxMin) < 0)
    out.push(
      check(
        'rknn-onnx',
        rknn ? 'warning' : 'info',
        `onnx ${onnx} is older than rknn-toolkit2 2.3.2 requires (>= ${RKNN_232.onnxMin})`,
        'Installing rknn-toolkit2 will upgrade onnx; export with opset ≤ 17 stays compatible.',
      ),
    );
  const numpy = pkg('numpy');
  if (rknn && numpy && compareVersions(numpy, RKNN_232.numpyMax) > 0)
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

  const trt = pkg('tensorrt');
  const trtexec = tools.find((t) => t.name === 'trtexec');
  if (trt && trtexec?.version && trt.split('.')[0] !== trtexec.version.split('.')[0]) {
    out.push(
      check(
        'tensorrt-versions',
        'warning',
        `Python tensorrt ${trt} and trtexec ${trtexec.version} are different major versions`,
        'Put the matching TensorRT bin/ first on PATH.',
      ),
    );
  }
  if (trtexec?.version && Number(trtexec.version.split('.')[0]) >= 11) {
    out.push(
      check(
        'tensorrt-11',
        'info',
        `TensorRT ${trtexec.version} is strongly typed: --fp16/--int8/--calib are gone; ` +
          'int8 comes from a QDQ ONNX (the workbench writes it from its simulator)',
      ),
    );
  }
  out.push(
    pkg('polygraphy')
      ? check('polygraphy', 'ok', `polygraphy ${pkg('polygraphy')}`)
      : check(
          'polygraphy',
          'info',
          'polygraphy is not installed: TensorRT vs ONNX layerwise comparison is unavailable',
          'pip install polygraphy (NVIDIA PyPI index) next to tensorrt.',
        ),
  );
  return [...out, ...toolChecks(tools)];
}

function toolChecks(tools: ToolReport[]): DoctorCheck[] {
  return tools.map((t) =>
    t.path
      ? check(`tool-${t.name}`, 'ok', `${t.name} ${t.version ?? '(version unknown)'} at ${t.path}`, t.note)
      : check(`tool-${t.name}`, 'info', `${t.name} not found on PATH: ${t.note ?? ''}`.trim(), null),
  );
}
