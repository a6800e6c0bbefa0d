import type { RawTensor } from '../../detect/detection-types';
import { UserError } from '../../errors/user-error';

/**
 * Bare C++ stream spellings of non-finite floats (`os << v` in sampleUtils.cpp dumpBuffer) made JSON: an infinity
 * becomes a number that overflows to ±Infinity, NaN becomes null (read back as NaN).
 */
function jsonNumbers(text: string): string {
  return text.replace(/(?<=[[,]\s*)(-?)(inf(?:inity)?|nan)\b/gi, (_, sign: string, word: string) =>
    /nan/i.test(word) ? 'null' : `${sign}1e999`,
  );
}

interface ExportedOutput {
  name?: unknown;
  dimensions?: unknown;
  values?: unknown;
}

/**
 * `trtexec --exportOutput=out.json` (sampleReporting.cpp exportJSONOutput): one entry per output binding,
 * `[ { "name" : "output0", "dimensions" : "1x8x525", "values" : [ 5.02572, … ] }, … ]`, values printed with
 * the stream's default 6 significant digits. The bindings come from an unordered_map, so the order is not the
 * network's; `order` (the ONNX output names) puts them back.
 */
export function parseTrtExportOutput(text: string, source: string, order?: readonly string[]): RawTensor[] {
  let doc: unknown;
  try {
    doc = JSON.parse(jsonNumbers(text));
  } catch (error) {
    throw new UserError(
      `${source}: not valid JSON (${(error as Error).message})`,
      'trtexec may have crashed while writing --exportOutput; see the stage log.',
      'failed',
    );
  }
  if (!Array.isArray(doc) || doc.length === 0)
    throw new UserError(
      `${source}: expected a non-empty JSON array of outputs (trtexec --exportOutput)`,
      'Pass the file written by trtexec --exportOutput.',
      'failed',
    );
  const tensors = (doc as ExportedOutput[]).map((entry, i) => {
    // A scalar output has no dimensions (""); a missing field is a foreign file.
    const text = typeof entry?.dimensions === 'string' ? entry.dimensions : null;
    const dims = text ? text.split('x').map(Number) : [];
    if (
      typeof entry?.name !== 'string' ||
      !Array.isArray(entry.values) ||
      text === null ||
      dims.some((d) => !Number.isInteger(d))
    )
      throw new UserError(
        `${source}: output ${i + 1} lacks "name", "dimensions" ("1x8x525") or "values"`,
        'Pass the file written by trtexec --exportOutput.',
        'failed',
      );
    const volume = dims.reduce((a, b) => a * b, 1);
    if (entry.values.length !== volume)
      throw new UserError(
        `${source}: output ${entry.name} has ${entry.values.length} values for dimensions ${entry.dimensions}`,
        'The file is truncated or not from trtexec --exportOutput; re-run the stage.',
        'failed',
      );
    const data = Float32Array.from(entry.values as (number | null)[], (v) => (v === null ? NaN : v));
    return { name: entry.name, dims, data } satisfies RawTensor;
  });
  if (!order) return tensors;
  return order.map((name) => {
    const found = tensors.find((t) => t.name === name);
    if (!found)
      throw new UserError(
        `${source}: no output ${name} (the engine has ${tensors.map((t) => t.name).join(', ')})`,
        'Give the ONNX the engine was built from as model:.',
        'invalid_input',
      );
    return found;
  });
}

/**
 * One run's outputs for `images` images (a dynamic-batch engine given `--shapes=input:Nx…`) as each image's
 * outputs with batch 1, which is what the decoders take.
 */
export function splitTrtBatch(tensors: RawTensor[], images: number, source: string): RawTensor[][] {
  if (images === 1) return [tensors];
  for (const t of tensors)
    if (t.dims[0] !== images)
      throw new UserError(
        `${source}: output ${t.name} has dimensions ${t.dims.join('x')} for a batch of ${images} images`,
        'Export the ONNX with a dynamic batch dimension on every output, or use batch: 1.',
        'invalid_input',
      );
  return Array.from({ length: images }, (_, i) =>
    tensors.map((t) => {
      const size = t.data.length / images;
      return { name: t.name, dims: [1, ...t.dims.slice(1)], data: t.data.slice(i * size, (i + 1) * size) };
    }),
  );
}

/** The GPU trtexec ran on: `Selected Device: <name>` and `Compute Capability: M.m` (sampleDevice.cpp). */
export function parseTrtDevice(output: string): { gpu: string | null; computeCapability: string | null } {
  const gpu = /Selected Device: (.+?)\s*$/m.exec(output);
  const cc = /Compute Capability: ([\d.]+)/.exec(output);
  return { gpu: gpu ? gpu[1] : null, computeCapability: cc ? cc[1] : null };
}
