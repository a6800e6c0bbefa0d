import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Tests never write into the real $HOME (ORT, adb and Chromium all write caches there). */
export default function setup(): () => void {
  const home = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  delete process.env.NPU_WORKBENCH_WORKSPACE;
  return () => rmSync(home, { recursive: true, force: true });
}
