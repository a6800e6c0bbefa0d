import path from 'node:path';
import type { Command } from 'commander';
import type { AnalysisSummary } from '../../../shared/contract';
import type { LayerError } from '../../../shared/contract/analysis-schemas';
import { ensureDemoDataset } from '../../core/data/demo-dataset';
import { HEAD_KINDS } from '../../core/detect/detection-types';
import { demoModelPath } from '../../core/eval/run-evaluation';
import { type GlobalOptions, withApi } from '../cli-context';
import { runFailure, UsageError } from '../cli-errors';
import { printJson, printTable } from '../output';
import { parseFloatArg, parseIntArg } from '../parse-args';
import { addPreprocessOptions, type PreprocessCliOptions, preprocessFromCli } from '../preprocess-options';
import { runToEnd } from '../run-to-end';

interface AnalyseCliOptions extends PreprocessCliOptions {
  model: string;
  calib?: string;
  data?: string;
  dtype: string;
  algo: string;
  method: string;
  activationType: string;
  keepFloat?: string;
  hybridPrecision: string;
  apBudget: number;
  calibCount: number;
  evalCount?: number;
  analysisCount: number;
  candidates: number;
  threads?: number;
  head?: string;
  json?: boolean;
}

/** The `analyse --json` document: snake_case layer rows, AP triple, proposal, wall time. */
export function analyseJson(layers: LayerError[], summary: AnalysisSummary | null, runId: number) {
  return {
    run: runId,
    layers: layers.map((l) => ({
      tensor: l.tensor,
      op_type: l.opType,
      node: l.onnxNode,
      cos_entire: l.cosEntire,
      cos_single: l.cosSingle,
      euc_entire: l.eucEntire,
      euc_single: l.eucSingle,
    })),
    ap: summary?.ap ?? null,
    proposal: summary?.proposal
      ? {
          keep_float: summary.proposal.keepFloat,
          precision: summary.proposal.precision,
          within_budget: summary.proposal.withinBudget,
          rknn_custom_quantize_layers: summary.proposal.rknnCustomQuantizeLayers,
          atc_high_precision_layer: summary.proposal.atcHighPrecisionLayer,
          trtexec_layer_precisions: summary.proposal.trtexecLayerPrecisions,
          sensitivity: summary.proposal.sensitivity
            .filter((s) => s.apIfFloat !== null)
            .map((s) => ({ tensor: s.tensor, single_rank: s.singleRank, ap_if_float: s.apIfFloat })),
          keep_int16: summary.proposal.keepInt16 ?? [],
          search: summary.proposal.search
            ? {
                candidates: summary.proposal.search.candidates.map((c) => ({
                  label: c.label,
                  kind: c.kind,
                  tensors: c.tensors,
                  round: c.round,
                  ap: c.ap,
                  ap_gain: c.apGain,
                })),
                steps: summary.proposal.search.steps,
                stop_reason: summary.proposal.search.stopReason,
                calibration: summary.proposal.search.calibration,
                cut_head: summary.proposal.search.cutHead,
              }
            : null,
        }
      : null,
    seconds: summary?.seconds ?? null,
  };
}

export function registerAnalyseCommand(program: Command, globals: () => GlobalOptions): void {
  addPreprocessOptions(program.command('analyse'), 'ultralytics')
    .description(
      'simulate int8/int16/fp16 quantization in onnxruntime: per-layer error, AP float vs quant, ' +
        'and a hybrid keep-float proposal (stored as a run)',
    )
    .requiredOption('--model <file>', 'float ONNX model (static 1×3×H×W input; "demo" = the embedded demo model)')
    .option('--calib <dir>', 'folder of calibration images ("demo" = the demo dataset; the default with --model demo)')
    .option(
      '--data <path>',
      'validation dataset for AP (data.yaml, COCO json or YOLO folder; "demo" = the demo dataset); ' +
        'without it only per-layer errors',
    )
    .option('--dtype <dtype>', 'w8a8 | w8a16 | fp16', 'w8a8')
    .option('--algo <algo>', 'calibration: normal | percentile | kl_divergence | mmse', 'normal')
    .option('--method <method>', 'weights per channel | layer', 'channel')
    .option('--activation-type <type>', '8-bit activations: int8 (rknn) | uint8 (ORT default)', 'int8')
    .option('--keep-float <tensors>', 'comma-separated tensors left float (hybrid)')
    .option('--hybrid-precision <p>', 'what the proposal raises tensors to: float16 | int16 (w8a8 only)', 'float16')
    .option(
      '--ap-budget <drop>',
      'allowed AP drop vs float for the proposal',
      (v) => parseFloatArg(v, '--ap-budget'),
      0.01,
    )
    .option(
      '--calib-count <n>',
      'calibration images, sampled reproducibly',
      (v) => parseIntArg(v, '--calib-count'),
      100,
    )
    .option('--eval-count <n>', 'validation images for AP (default all)', (v) => parseIntArg(v, '--eval-count'))
    .option(
      '--analysis-count <n>',
      'images the per-layer errors are averaged over',
      (v) => parseIntArg(v, '--analysis-count'),
      8,
    )
    .option(
      '--candidates <n>',
      'tensors whose AP effect is measured for the ranking and proposal',
      (v) => parseIntArg(v, '--candidates'),
      12,
    )
    .option('--threads <n>', 'onnxruntime threads (default: settings, else all cores)', (v) =>
      parseIntArg(v, '--threads'),
    )
    .option(
      '--head <kind>',
      `output layout for AP: ${HEAD_KINDS.join(' | ')} (default: the one the output shapes fit, as in eval)`,
    )
    .option('--json', 'print one JSON document')
    .action(async (opts: AnalyseCliOptions) => {
      const calibArg = opts.calib ?? (opts.model === 'demo' ? 'demo' : undefined);
      if (calibArg === undefined)
        throw new UsageError("required option '--calib <dir>' not specified", 'Give a folder of calibration images.');
      // `demo` means the embedded demo project, as in `eval --model demo --data demo`.
      const resolve = async (p: string): Promise<string> => (p === 'demo' ? ensureDemoDataset() : path.resolve(p));
      const stage = {
        kind: 'analyse',
        model: opts.model === 'demo' ? demoModelPath() : path.resolve(opts.model),
        calib: await resolve(calibArg),
        ...(opts.data ? { data: await resolve(opts.data) } : {}),
        preset: opts.preset,
        ...(opts.head && { head: opts.head }),
        ...(preprocessFromCli(opts) && { preprocess: preprocessFromCli(opts) }),
        dtype: opts.dtype,
        algo: opts.algo,
        method: opts.method,
        activationType: opts.activationType,
        keepFloat: opts.keepFloat
          ? opts.keepFloat
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
        hybridPrecision: opts.hybridPrecision,
        apBudget: opts.apBudget,
        calibCount: opts.calibCount,
        analysisCount: opts.analysisCount,
        candidates: opts.candidates,
        ...(opts.evalCount ? { evalCount: opts.evalCount } : {}),
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      };
      const config = {
        name: `analyse ${path.basename(opts.model)} ${opts.dtype}`,
        target: 'host',
        backend: 'sim',
        model: stage.model,
        stages: [stage],
      };
      const out = await withApi(globals(), async (api) => {
        const finished = await runToEnd(
          api,
          () => api.runs.create({ config, start: true }),
          (p) => p.message ?? 'analyse',
        );
        if (finished.status !== 'succeeded') throw runFailure(finished);
        const layers = await api.analysis.layerErrors({ id: finished.id, source: 'sim' });
        return analyseJson(layers, await api.analysis.summary({ id: finished.id }), finished.id);
      });
      if (opts.json) return printJson(out);
      const worst = [...out.layers].sort((a, b) => (a.cos_single ?? 1) - (b.cos_single ?? 1)).slice(0, 15);
      printTable(
        ['TENSOR', 'OP', 'COS ENTIRE', 'COS SINGLE', 'EUC ENTIRE', 'EUC SINGLE'],
        worst.map((l) => [
          l.tensor,
          l.op_type,
          l.cos_entire?.toFixed(5) ?? null,
          l.cos_single?.toFixed(5) ?? null,
          l.euc_entire?.toFixed(4) ?? null,
          l.euc_single?.toFixed(4) ?? null,
        ]),
      );
      if (out.ap)
        process.stdout.write(
          `\nAP float ${out.ap.float.toFixed(4)}  quant ${out.ap.quant.toFixed(4)}  ` +
            `hybrid ${out.ap.hybrid.toFixed(4)}\n`,
        );
      if (out.proposal) {
        process.stdout.write(
          `keep float (${out.proposal.keep_float.length}): ${out.proposal.keep_float.join(', ') || '(none needed)'}\n`,
        );
        if (out.proposal.keep_int16.length)
          process.stdout.write(`  of which int16 is enough: ${out.proposal.keep_int16.join(', ')}\n`);
        const search = out.proposal.search;
        if (search) {
          process.stdout.write(`search (${search.candidates.length} candidates): ${search.stop_reason}\n`);
          for (const c of search.candidates)
            process.stdout.write(`  ${c.round ? `+${c.round} ` : ''}${c.label}: AP ${c.ap.toFixed(4)}\n`);
          if (search.calibration)
            process.stdout.write(
              `calibration by AP: ${search.calibration.tried.map((t) => `${t.algo} ${t.ap.toFixed(4)}`).join(', ')} ` +
                `-> ${search.calibration.chosen}\n`,
            );
          if (search.cut_head) process.stdout.write(`cut head: ${search.cut_head.advice}\n`);
        }
        process.stdout.write('\n');
        process.stdout.write(
          `${out.proposal.rknn_custom_quantize_layers}\n${out.proposal.atc_high_precision_layer}\n` +
            `${out.proposal.trtexec_layer_precisions}\n`,
        );
      }
      process.stdout.write(
        `\nRun ${out.run}: ${out.layers.length} layers in ${out.seconds?.toFixed(1)} s ` +
          '(error_analysis.txt and the QDQ model are stored with the run)\n',
      );
    });
}
