import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeLibrknnmrt, fakeLibrknnrt, fakeRknnServerBinary, RESTART_RKNN_SH, START_RKNN_SH } from './fake-boards';

/**
 * rknn-toolkit2's `rknpu2/runtime` folder as the 2.3.2 git tree lays it out (reference/rknn-toolkit2.md §3:
 * Linux and Android, each ABI), with fake binaries carrying the version strings. The 32-bit builds carry other
 * versions (0.0.1, 0.0.2), so a test sees at once when the wrong ABI was picked.
 */
export function fakeRknpu2Runtime(root: string, version = '2.3.2'): string {
  const put = (rel: string, data: Buffer | string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), data);
  };
  put('Linux/rknn_server/aarch64/usr/bin/rknn_server', fakeRknnServerBinary(version));
  put('Linux/rknn_server/aarch64/usr/bin/start_rknn.sh', START_RKNN_SH);
  put('Linux/rknn_server/aarch64/usr/bin/restart_rknn.sh', RESTART_RKNN_SH);
  put('Linux/rknn_server/armhf/usr/bin/rknn_server', fakeRknnServerBinary('0.0.1'));
  put('Linux/rknn_server/armhf/usr/bin/restart_rknn.sh', RESTART_RKNN_SH);
  put('Linux/librknn_api/aarch64/librknnrt.so', fakeLibrknnrt(version));
  put('Linux/librknn_api/armhf/librknnrt.so', fakeLibrknnrt('0.0.1'));
  put('Linux/rknn_server/armhf-uclibc/usr/bin/rknn_server', fakeRknnServerBinary(version));
  put('Linux/librknn_api/armhf-uclibc/librknnmrt.so', fakeLibrknnmrt(version));
  put('Android/rknn_server/arm64/rknn_server', fakeRknnServerBinary(version));
  put('Android/rknn_server/arm/rknn_server', fakeRknnServerBinary('0.0.2'));
  put('Android/librknn_api/arm64-v8a/librknnrt.so', fakeLibrknnrt(version));
  put('Android/librknn_api/armeabi-v7a/librknnrt.so', fakeLibrknnrt('0.0.2'));
  return root;
}

/**
 * A clone of airockchip/rknn-toolkit2 under `parent` with a venv inside it where the wheel is installed: the
 * `rknn` package folder env_snapshot reports (`venv/lib/python3.11/site-packages/rknn`, holding no runtime, like
 * the pip wheel) and the SDK's `rknpu2/runtime` a few folders up.
 */
export function fakeToolkitClone(
  parent: string,
  version = '2.3.2',
): { clone: string; runtime: string; packageDir: string } {
  const clone = path.join(parent, 'rknn-toolkit2');
  const runtime = fakeRknpu2Runtime(path.join(clone, 'rknpu2', 'runtime'), version);
  const packageDir = path.join(clone, 'venv', 'lib', 'python3.11', 'site-packages', 'rknn');
  mkdirSync(path.join(packageDir, 'api'), { recursive: true });
  writeFileSync(path.join(packageDir, '__init__.py'), '');
  writeFileSync(path.join(packageDir, 'api', '__init__.py'), `__version__ = "${version}"\n`);
  return { clone, runtime, packageDir };
}
