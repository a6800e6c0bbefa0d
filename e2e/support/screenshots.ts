import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './serve-process';

/** Screens the README shows; small PNGs at the 1280×800 viewport, rewritten on every e2e run. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, type: 'png' });
  return file;
}
