import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
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
    const gaps = (await page.evaluate(`new Promise((resolve) => {
      const pane = document.querySelector('.react-flow__viewport'); let n = 0; const out = []; let last = performance.now();
      const step = () => { const now = performance.now(); out.push(now - last); last = now;
        document.querySelector('.react-flow__pane').dispatchEvent(new WheelEvent('wheel', { deltaY: 120, bubbles: true, clientX: ${box.x + 50}, clientY: ${box.y + 50} }));
        if (++n < 40) requestAnimationFrame(step); else resolve(out); };
      requestAnimationFrame(step); void pane; })`)) as number[];
    const p95 = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.95)];
    console.log(
      `graph 1,600 nodes: layout+render ${layoutMs} ms, ${rendered} node elements in the DOM, pan frame gap p95 ${p95.toFixed(1)} ms`,
    );
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(400);
    expect(p95).toBeLessThan(250);
    expect(browser.consoleErrors).toEqual([]);
  });
});
