import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from './serve-process';

/** Screens the README shows: 1280×800 PNGs, palette-quantized to keep the repo small; rewritten on every e2e run. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await sharp(await page.screenshot({ type: 'png' }))
    .png({ palette: true, quality: 90, compressionLevel: 9 })
    .toFile(file);
  return file;
}
