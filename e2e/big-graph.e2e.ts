import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { frameGaps, p95, wheelPan } from './support/frame-gaps';
import { seedBigGraphWorkspace } from './support/seed-big-graph';
import { type ServeProcess, startServe } from './support/serve-process';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

describe('accuracy graph with 1,600 nodes', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let nodes = 0;
  beforeAll(async () => {
    const seeded = seedBigGraphWorkspace(400);
    nodes = seeded.nodes;
    serve = await startServe({ workspace: seeded.dir });
    browser = await launchChromium();
    await browser.page.goto(serve.url);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('opens grouped by module, then lays out the full graph and pans it with only the visible nodes rendered', async () => {
    const { page } = browser;
    expect(nodes).toBe(1600);
    await page.goto(`${serve.origin}/#/accuracy/1`);
    // Sources side by side: the board columns sit next to the built-in simulation's.
    await page.getByRole('table', { name: 'Per-layer error' }).getByRole('columnheader', { name: 'Board' }).waitFor();
    // More than 300 nodes: the graph opens collapsed to its modules.
    await page.locator('.react-flow__node.group').first().waitFor();
    expect(await page.getByLabel('Group by module').inputValue()).toBe('1');
    await page.getByLabel('Group by module').selectOption('0');
    const started = Date.now();
    await page.locator('.react-flow__node', { hasText: 'Conv' }).first().waitFor({ timeout: 60_000 });
    const layoutMs = Date.now() - started;
    // React Flow renders every node once to measure it, then keeps only those on screen.
    let rendered = await page.locator('.react-flow__node').count();
    for (let i = 0; i < 50 && rendered > 400; i++) {
      await page.waitForTimeout(200);
      rendered = await page.locator('.react-flow__node').count();
    }
    // Pan the full graph a frame at a time: onlyRenderVisibleElements keeps each frame cheap.
    const box = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -1200);
    const gaps = await frameGaps(page, 40, wheelPan(box.x + 50, box.y + 50));
    console.log(
      `graph 1,600 nodes: layout+render ${layoutMs} ms, ${rendered} node elements in the DOM, pan frame gap p95 ${p95(gaps).toFixed(1)} ms`,
    );
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(400);
    expect(browser.consoleErrors).toEqual([]);
  });
});
