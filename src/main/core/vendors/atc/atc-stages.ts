import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadOnnx } from '../../onnx/onnx-model';
import { calibrationList, py, pyArgs } from '../../pipeline/replay-python';
import { convertStage } from '../../pipeline/stages/convert-stage';
import { atcArgs, atcBackend, atcFlags, AtcOptionsSchema } from './atc-backend';

export const convertAtcStage = convertStage({
  kind: 'convert-atc',
  backend: atcBackend,
  optionsSchema: AtcOptionsSchema,
  description:
    'HiSilicon SVP ATC: ONNX → .om with an --image_list calibration, optional calibration_param.txt overrides.',
  /** The atc command line the run used, with its image list and the edited calibration_param.txt when there was one. */
  replay(p, ctx) {
    const workDir = ctx.workDir(atcBackend.id);
    const list = p.flags.image_list ? null : calibrationList(workDir, 'image_list.txt');
    const edited = path.join(workDir, 'calibration_param.edited.txt');
    const modelFile = path.resolve(ctx.baseDir, p.model);
    const graph = existsSync(modelFile) ? loadOnnx(modelFile).graph : null;
    const inputName = graph?.input.find((i) => !graph.initializer.some((t) => t.name === i.name))?.name ?? 'images';
    const args = pyArgs(atcArgs(atcFlags(`@${p.model}`, `!${p.out.replace(/\.om$/, '')}`, p.flags)));
    return [
      ...(list ? [`args_list = write_list("image_list.txt", ${py(list)})`] : []),
      `args = [${args.join(', ')}]${list ? ` + ["--image_list=${inputName}:" + args_list]` : ''}`,
      // The edited file lives in the workspace's work folder, which is not kept with the run: it travels inside
      // the script and is written into the replay folder.
      ...(existsSync(edited)
        ? [
            '# calibration_param.txt as edited by the workbench ' +
              `(overrides: ${p.calibrationOverrides.map((o) => o.layer).join(', ')})`,
            `with open(o("calibration_param.edited.txt"), "w") as handle:`,
            `    handle.write(${py(readFileSync(edited, 'utf8'))})`,
            'args.append("--gfpq_param_file=" + os.path.abspath("calibration_param.edited.txt"))',
          ]
        : []),
      `subprocess.run([${py(p.executable)}, *args], check=True)`,
    ];
  },
});
