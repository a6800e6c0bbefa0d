import { UserError } from '../../errors/user-error';
import type { NewLayerError } from '../../store/layer-errors-repo';

/** cos/euc of one column group; euc is null in the 1.x cos-only format and in blank/partial rows. */
export interface ErrorPair {
  cos: number | null;
  euc: number | null;
}

export interface ErrorAnalysisRow {
  opType: string;
  tensor: string;
  line: number;
  simEntire: ErrorPair | null;
  simSingle: ErrorPair | null;
  runtimeEntire: ErrorPair | null;
  /** runtime vs simulator for this layer alone (`single_sim`). */
  runtimeSingle: ErrorPair | null;
}

export interface ErrorAnalysis {
  format: '2.x' | '1.x';
  hasRuntime: boolean;
  rows: ErrorAnalysisRow[];
}

const ROW = /^\[([^\]]+)\]\s+(\S+)(.*)$/;

function num(token: string): number {
  const t = token.toLowerCase();
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  return t.endsWith('nan') ? NaN : Number(token);
}

/** `0.99 | 1.07   0.99 | 1.07` (2.x) or `0.99  0.98` (1.x) → pairs in column order. */
function parseValues(rest: string): { pairs: ErrorPair[]; piped: boolean } {
  const text = rest.trim();
  if (!text) return { pairs: [], piped: false };
  if (text.includes('|')) {
    const pairs: ErrorPair[] = [];
    const re = /(\S+)\s*\|\s*(\S+)/g;
    for (let m = re.exec(text); m; m = re.exec(text)) pairs.push({ cos: num(m[1]), euc: num(m[2]) });
    return { pairs, piped: true };
  }
  return { pairs: text.split(/\s+/).map((t) => ({ cos: num(t), euc: null })), piped: false };
}

/**
 * Parses rknn-toolkit2's `error_analysis.txt`: the 2.x table (`[OpType] tensor` then `cos | euc` pairs for
 * simulator entire/single and, with a target, runtime entire/single_sim) and the 1.x cos-only table (header
 * `layer_name quant_error runtime_error`, rows `tensor entire per_layer [simu_err golden_err]`). Fused ops have
 * blank rows, and a layer can have simulator values without runtime values. A file that yields no rows is an
 * error naming `file`: an empty table would read as "nothing lost accuracy".
 */
export function parseErrorAnalysis(text: string, file = 'error_analysis.txt'): ErrorAnalysis {
  const lines = text.split(/\r?\n/);
  const analysis = lines.some((l) => /^\s*layer_name\s+quant_error\b/.test(l)) ? parseOneX(lines) : parseTwoX(lines);
  if (analysis.rows.length === 0)
    throw new UserError(
      `${file}: no layer rows found (neither the 2.x "[OpType] tensor cos | euc" nor the 1.x ` +
        '"tensor entire per_layer" table)',
      'The toolkit wrote an empty or unknown table; check the stage log for accuracy_analysis errors.',
      'failed',
    );
  return analysis;
}

function parseTwoX(lines: string[]): ErrorAnalysis {
  const hasRuntime = lines.some((l) => /runtime_error/.test(l) && !l.trimStart().startsWith('#'));
  let sawPipe = false;
  let sawValues = false;
  const rows: ErrorAnalysisRow[] = [];
  lines.forEach((raw, i) => {
    const m = ROW.exec(raw.trim());
    if (!m) return;
    const { pairs, piped } = parseValues(m[3]);
    if (pairs.length) sawValues = true;
    sawPipe ||= piped;
    const at = (k: number): ErrorPair | null => pairs[k] ?? null;
    rows.push({
      opType: m[1],
      tensor: m[2],
      line: i + 1,
      simEntire: at(0),
      simSingle: at(1),
      runtimeEntire: at(2),
      runtimeSingle: at(3),
    });
  });
  return { format: sawPipe || !sawValues ? '2.x' : '1.x', hasRuntime, rows };
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?(?:e[-+]?\d+)?|inf|nan)`;
const ONE_X_ROW = new RegExp(String.raw`^(\S+)\s+(${NUMBER})\s+(${NUMBER})(?:\s+(${NUMBER})\s+(${NUMBER}))?$`, 'i');

/**
 * 1.x: rows after the dashed rule; quant_error `entire`/`per_layer` are the simulator's entire/single, and where
 * the runtime ran, `simu_err` (simulator vs runtime) and `golden_err` (golden vs runtime) are single_sim/entire.
 */
function parseOneX(lines: string[]): ErrorAnalysis {
  const rows: ErrorAnalysisRow[] = [];
  const start = lines.findIndex((l) => /^\s*-{10,}\s*$/.test(l)) + 1;
  lines.forEach((raw, i) => {
    if (i < start) return;
    const m = ONE_X_ROW.exec(raw.trim());
    if (!m) return;
    const cos = (t: string | undefined): ErrorPair | null => (t === undefined ? null : { cos: num(t), euc: null });
    rows.push({
      opType: '',
      tensor: m[1]!,
      line: i + 1,
      simEntire: cos(m[2]),
      simSingle: cos(m[3]),
      runtimeEntire: cos(m[5]),
      runtimeSingle: cos(m[4]),
    });
  });
  return { format: '1.x', hasRuntime: rows.some((r) => r.runtimeEntire !== null), rows };
}

const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/**
 * The ONNX node an rknn row belongs to: rknn names rows by output tensor, adding suffixes for converted
 * copies (`x__float16`, `x_int8`, `x_sw-rs__float16`); the node is the producer of that tensor.
 */
export function onnxNodeOf(tensor: string, producers: ReadonlyMap<string, string>): string | null {
  if (producers.has(tensor)) return producers.get(tensor)!;
  const base = tensor.replace(/(_sw-rs)?_{1,2}(int8|int16|uint8|float16|float32)$/, '');
  return producers.get(base) ?? null;
}

/** Rows for the `layer_errors` table: `vendor-sim` from the simulator columns, `board` from the runtime columns. */
export function toLayerErrors(
  analysis: ErrorAnalysis,
  source: 'vendor-sim' | 'board',
  producers: ReadonlyMap<string, string> = new Map(),
): NewLayerError[] {
  return analysis.rows.map((r) => {
    const [entire, single] = source === 'board' ? [r.runtimeEntire, r.runtimeSingle] : [r.simEntire, r.simSingle];
    return {
      tensor: r.tensor,
      opType: r.opType,
      onnxNode: onnxNodeOf(r.tensor, producers),
      cosEntire: finite(entire?.cos),
      cosSingle: finite(single?.cos),
      eucEntire: finite(entire?.euc),
      eucSingle: finite(single?.euc),
      sqnr: null,
    };
  });
}

/** Layers whose simulator values contain inf: fp16 overflow (UG230 §7.1.1), worth a warning in the log. */
export function overflowLayers(analysis: ErrorAnalysis): string[] {
  return analysis.rows
    .filter((r) => [r.simEntire, r.simSingle].some((p) => p && (p.euc === Infinity || p.cos === Infinity)))
    .map((r) => r.tensor);
}
