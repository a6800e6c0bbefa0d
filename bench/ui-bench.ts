// UI benchmarks: the built renderer in Debian Chromium (headless, the e2e flags) against the real `serve`.
// 1. Scrolling the runs grid with 10,000 runs and panning the 1,600-node accuracy graph, as frame gaps, against the
//    same scroll loop on a plain static page (what the browser's frame pacing alone costs on this machine).
// 2. First open and revisit of every screen on the broken-int8 demo workspace, once the app's idle preload is done,
//    against the first open of Settings (a form with no data to fetch but the settings). Targets: first open ≤ 1 s,
//    revisit ≤ 300 ms.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchChromium } from '../e2e/support/chromium';
import { frameGaps, p95, scrollJumps, wheelPan } from '../e2e/support/frame-gaps';
import { measureScreens } from '../e2e/support/screen-timing';
import { seedBigGraphWorkspace } from '../e2e/support/seed-big-graph';
import { seedBrokenInt8Workspace } from '../e2e/support/seed-broken-int8';
import { seedRunsWorkspace } from '../e2e/support/seed-runs';
import { repoRoot, startServe } from '../e2e/support/serve-process';
import type { BenchCase } from './run-bench';

type Page = Awaited<ReturnType<typeof launchChromium>>['page'];

/** Runs `use` on a page of a fresh Chromium against `serve` on `workspace`; both stop afterwards. */
async function withWorkbench<T>(workspace: string, use: (page: Page, origin: string) => Promise<T>): Promise<T> {
  const serve = await startServe({ workspace });
  const browser = await launchChromium();
  try {
    await browser.page.goto(serve.url);
    const result = await use(browser.page, serve.origin);
    if (browser.consoleErrors.length > 0) throw new Error(`console errors: ${browser.consoleErrors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
    await serve.stop();
  }
}

/** The frame loop of the runs grid on a static page of the same size: no framework, nothing rendered per frame. */
async function staticScrollGap(): Promise<number> {
  const browser = await launchChromium();
  try {
    const rows = Array.from({ length: 40 }, (_, i) => `<div style="height:34px">row ${i}</div>`).join('');
    await browser.page.setContent(
      `<div class="static-scroll" style="height:700px;overflow:auto"><div style="height:340000px">${rows}</div></div>`,
    );
    return p95(await frameGaps(browser.page, 60, scrollJumps('.static-scroll')));
  } finally {
    await browser.close();
  }
}

async function runsScrollGap(): Promise<number> {
  return withWorkbench(seedRunsWorkspace(10_000), async (page) => {
    await page.getByText('10,000 runs in this workspace').waitFor();
    await page.locator('.runs-scroll [role=row]').first().waitFor();
    return p95(await frameGaps(page, 60, scrollJumps('.runs-scroll')));
  });
}

async function graphPanGap(): Promise<number> {
  return withWorkbench(seedBigGraphWorkspace(400).dir, async (page, origin) => {
    await page.goto(`${origin}/#/accuracy/1`);
    await page.locator('.react-flow__node.group').first().waitFor({ timeout: 60_000 });
    await page.getByLabel('Group by module').selectOption('0');
    await page.locator('.react-flow__node', { hasText: 'Conv' }).first().waitFor({ timeout: 120_000 });
    const box = (await page.locator('.react-flow__pane').boundingBox())!;
    return p95(await frameGaps(page, 40, wheelPan(box.x + 50, box.y + 50)));
  });
}

export default async function (): Promise<BenchCase[]> {
  // Measure the renderer as it is in the source tree.
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  const staticGap = { label: 'static page scroll, frame gap p95', ms: await staticScrollGap() };
  const cases: BenchCase[] = [
    { name: 'runs grid (10,000 runs) scroll, frame gap p95', baseline: staticGap, ms: await runsScrollGap() },
    { name: 'accuracy graph (1,600 nodes, flat) pan, frame gap p95', baseline: staticGap, ms: await graphPanGap() },
  ];
  const { workspace } = await seedBrokenInt8Workspace({ keepFloatRun: true });
  const { rows: screens } = await withWorkbench(workspace, (page) => measureScreens(page));
  const settings = screens.find((s) => s.name === 'Settings')!;
  const baseline = { label: 'Settings first open', ms: settings.first };
  for (const s of screens) {
    const start = s.name.includes('app start');
    cases.push({ name: `${s.name} ${start ? '' : 'first open '}(target ≤ 1000 ms)`, baseline, ms: s.first });
    cases.push({ name: `${s.name} revisit (target ≤ 300 ms)`, baseline, ms: s.revisit });
  }
  return cases;
}
