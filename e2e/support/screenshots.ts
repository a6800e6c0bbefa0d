import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from './serve-process';

/**
 * Screens the README and docs/ui.md show: 1280×800 PNGs, palette-quantized to keep the repo small. They go to
 * docs/screenshots only with UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so a test run leaves the
 * checkout clean; otherwise to a temp folder.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? path.join(repoRoot, 'docs', 'screenshots')
      : path.join(os.tmpdir(), 'npu-wb-screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await sharp(await page.screenshot({ type: 'png' }))
    .png({ palette: true, quality: 90, compressionLevel: 9 })
    .toFile(file);
  return file;
}
