import { calibrationList, py } from '../../pipeline/replay-python';
import type { ReplayContext } from '../../pipeline/stage-kind';
import type { HisiBoardEvalParams } from './hisi-board-eval-params';
import { scpArgs, sshArgs } from './hisi-board-link';
import { prepareCommand, removeCommand } from './hisi-board-transfer';
import { remoteCommands, remoteLayout } from './hisi-runner';

/** Stands for the upload folder in the command lines until the script has asked the board for its home. */
const REMOTE = '@@REMOTE@@';

/**
 * `runs export-script`: the same ssh/scp calls (argument lists) as the stage, with the images the run used; the
 * detResult files land in ./hisi-board-detresult for `npu-workbench eval --dets`.
 */
export function replayHisiBoardEval(p: HisiBoardEvalParams, ctx: ReplayContext): string[] {
  const images = calibrationList(ctx.workDir('hisi-board'), 'images.txt');
  const commands = remoteCommands(p.runner, remoteLayout(REMOTE));
  const board = py(p.board.host);
  const onBoard = (command: string) => `${py(command)}.replace(${py(REMOTE)}, remote)`;
  return [
    ...(p.board.nfs
      ? [`# the run copied through NFS (${p.board.nfs.local} is ${p.board.nfs.remote} on the board); this uses scp`]
      : []),
    'import json',
    'import posixpath',
    'import shutil',
    `ssh = ${py([p.board.ssh, ...sshArgs(p.board, '').slice(0, -1)])}`,
    `scp = ${py([p.board.scp, ...scpArgs(p.board, '', '').slice(0, -2)])}`,
    `home = subprocess.run(ssh + ['echo "$HOME"'], check=True, capture_output=True, text=True).stdout.strip()`,
    `remote = posixpath.join(home, ${py(p.remoteDir)}, ${py(`replay-stage-${ctx.index + 1}`)})`,
    images
      ? `images = ${py(images)}`
      : 'sys.exit("the run kept no list of its images (images.txt): write them into images = [...]")',
    'upload = o("hisi-board-upload")',
    'shutil.rmtree(upload, ignore_errors=True)',
    'os.makedirs(os.path.join(upload, "images"))',
    `shutil.copyfile(p(${py(p.model)}), os.path.join(upload, "model.om"))`,
    'for image in images:',
    '    shutil.copyfile(p(image), os.path.join(upload, "images", os.path.basename(image)))',
    'with open(os.path.join(upload, "file_list.json"), "w") as handle:',
    '    json.dump([remote + "/images/" + os.path.basename(i) for i in images], handle)',
    `subprocess.run(ssh + [${onBoard(prepareCommand(REMOTE))}], check=True)`,
    `subprocess.run(scp + [upload, ${board} + ":" + remote], check=True)`,
    `subprocess.run(ssh + [${onBoard(commands.run)}], check=True)`,
    'shutil.rmtree("hisi-board-detresult", ignore_errors=True)',
    `subprocess.run(scp + [${board} + ":" + ${onBoard(commands.results)}, o("hisi-board-detresult")], check=True)`,
    ...(p.keepRemote ? [] : [`subprocess.run(ssh + [${onBoard(removeCommand(REMOTE))}], check=True)`]),
    `print(${py(`score: npu-workbench eval --data ${p.data} --dets hisi-board-detresult`)})`,
  ];
}
