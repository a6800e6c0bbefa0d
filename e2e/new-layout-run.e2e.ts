import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDataset } from '../src/main/core/data/demo-dataset';
import type { LetterboxPreset } from '../src/main/core/data/letterbox';
import { evaluateOnnxModel } from '../src/main/core/eval/evaluate-model';
import { layoutZoo } from '../test/support/layout-zoo';
import { selfLabelledDataset } from '../test/support/self-labelled-dataset';
import { replaceEditorText } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { useWorkbench } from './support/workbench-session';

const IMAGES = 8;
const zoo = layoutZoo();
let dir: string;

/**
 * Models from other exporters through the UI: a run made on the New run page evaluates a zoo model, and its run page
 * shows the AP together with the head and preset eval chose (the first thing to check when an AP looks wrong).
 */
describe('new run on a model from another exporter', () => {
  const wb = useWorkbench();
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-layouts-'));
    await writeDemoDataset(dir, { train: 0, val: IMAGES });
    await wb.browser.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  }, 120_000);

  const cases: { model: string; preset: LetterboxPreset; head: string }[] = [
    { model: 'ultralytics-8.3', preset: 'ultralytics', head: 'yolov8' },
    { model: 'yolox', preset: 'yolox', head: 'yolox' },
  ];
  cases.forEach(({ model, preset, head }, i) => {
    it(`${model}: launched from New run, the run page shows its AP, head ${head} and preset ${preset}`, async () => {
      const { page } = wb.browser;
      const m = zoo.models.find((x) => x.name === model)!;
      // The trained demo weights score on the demo labels; seeded YOLOX weights on their own best detections.
      const data = m.demoWeights
        ? path.join(dir, 'data.yaml')
        : await selfLabelledDataset(zoo.path(m), path.join(dir, 'images', 'val'), { nc: m.nc, count: IMAGES, preset });
      const expected = await evaluateOnnxModel({ model: zoo.path(m), dataset: data, preset });
      expect(expected.map).toBeGreaterThan(0.1);
      await page.goto(`${wb.serve.url}#/new`);
      await page.getByRole('heading', { level: 1, name: 'New run' }).waitFor();
      const stage = { kind: 'eval', model: zoo.path(m), data, ...(preset !== 'ultralytics' && { preset }) };
      await replaceEditorText(
        page,
        JSON.stringify({ name: `${model}-eval`, target: 'host', backend: 'sim', stages: [stage] }),
      );
      await page.getByRole('button', { name: 'Launch run' }).click();
      await page.getByRole('heading', { level: 1, name: `Run #${i + 1} ${model}-eval` }).waitFor();
      await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
      const strip = page.locator('dl[aria-label="Evaluation"]');
      await strip.waitFor();
      const shown = (term: string) =>
        strip
          .locator('div', { has: page.locator('dt', { hasText: term }) })
          .locator('dd')
          .first()
          .textContent();
      expect(await shown('AP@[.5:.95]')).toBe(expected.map.toFixed(4));
      expect(await shown('AP50')).toBe(expected.map50.toFixed(4));
      expect(await shown('head')).toBe(head);
      expect(await shown('preset')).toBe(preset);
      await page.getByRole('region', { name: 'Log' }).getByText(`(head ${head}, preset ${preset})`).waitFor();
      await saveScreenshot(page, `run-${model}`);
      expect(wb.browser.consoleErrors).toEqual([]);
    });
  });
});
