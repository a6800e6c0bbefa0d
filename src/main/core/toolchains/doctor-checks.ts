import type { DoctorCheck, InterpreterReport, ToolReport } from '../../../shared/contract/toolchains-contract';
import { VENDORS } from '../vendors';
import { doctorCheck as check } from './doctor-check';

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

  const usable = { ...py, version: py.version };
  for (const vendor of VENDORS) out.push(...vendor.doctor.checks(usable, tools));
  return [...out, ...toolChecks(tools)];
}

function toolChecks(tools: ToolReport[]): DoctorCheck[] {
  return tools.map((t) =>
    t.path
      ? check(`tool-${t.name}`, 'ok', `${t.name} ${t.version ?? '(version unknown)'} at ${t.path}`, t.note)
      : check(`tool-${t.name}`, 'info', `${t.name} not found on PATH: ${t.note ?? ''}`.trim(), null),
  );
}
