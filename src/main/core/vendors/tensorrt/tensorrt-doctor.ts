import type { DoctorCheck, InterpreterReport, ToolReport } from '../../../../shared/contract/toolchains-contract';
import { doctorCheck as check, toolOutput } from '../../toolchains/doctor-check';
import type { VendorTool } from '../vendor-module';
import { parseTrtVersion } from './trtexec-reports';

export const trtexecTool: VendorTool = {
  name: 'trtexec',
  executables: ['trtexec'],
  version: async (file, env) => parseTrtVersion(await toolOutput(file, ['--help'], env))?.text ?? null,
  missing: 'TensorRT backend unavailable',
  unversioned: 'did not print its [TensorRT vNNNN] banner',
};

/** Python tensorrt against trtexec, TensorRT 11's strong typing, Polygraphy. */
export function tensorRtDoctorChecks(py: InterpreterReport, tools: ToolReport[]): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  const pkg = (name: string): string | null => py.packages[name] ?? null;
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
  return out;
}
