import type { Page } from 'playwright-core';

/** Every screen: the route, the element that says its data is on screen, and a tab to open once there. */
export const SCREENS: { name: string; hash: string; ready: string; tab?: string }[] = [
  { name: 'Run #1', hash: '#/run/1', ready: '.stage-timeline li' },
  { name: 'New run', hash: '#/new', ready: '.monaco-editor .view-lines' },
  { name: 'Accuracy', hash: '#/accuracy/1', ready: '.react-flow__node' },
  { name: 'Compare › Metrics', hash: '#/compare?ids=1,2', ready: '[role=tabpanel] table tbody tr' },
  {
    name: 'Compare › Layer errors',
    hash: '#/compare?ids=1,2',
    ready: '.overlay-frame .react-flow__node',
    tab: 'Layer errors',
  },
  { name: 'Board', hash: '#/board', ready: '.board-page h1' },
  { name: 'Toolchains', hash: '#/toolchains', ready: '[aria-label="Python interpreters"] tbody tr' },
  { name: 'Settings', hash: '#/settings', ready: '#setting-pythonPath' },
  { name: 'Runs', hash: '#/runs', ready: '.runs-scroll [role=row] .status' },
];

/**
 * Milliseconds from setting the route (and clicking the tab) to `ready` being on screen, measured in the page with
 * requestAnimationFrame, so Playwright's own polling is not counted. A string: e2e code has no DOM types.
 */
export function timeTo(page: Page, screen: (typeof SCREENS)[number]): Promise<number> {
  return page.evaluate(`(async () => {
    const visible = (sel) => [...document.querySelectorAll(sel)].some((el) => el.getClientRects().length > 0);
    const until = (test) => new Promise((resolve, reject) => {
      const deadline = performance.now() + 90000;
      const tick = () => test() ? resolve() : performance.now() > deadline ? reject(new Error('timeout')) : requestAnimationFrame(tick);
      tick();
    });
    const t0 = performance.now();
    location.hash = ${JSON.stringify(screen.hash)};
    ${
      screen.tab
        ? `const tab = () => [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === ${JSON.stringify(screen.tab)});
    await until(() => tab());
    tab().click();`
        : ''
    }
    await until(() => visible(${JSON.stringify(screen.ready)}));
    return performance.now() - t0;
  })()`);
}

/**
 * Waits until the app has loaded what it preloads when idle (Monaco, the graph view, the doctor's report: see
 * shell/heavy-parts.ts) and the page is idle again; returns when that was, in ms since the document started. First
 * opens measured after this are those of a user who did not click within the first second or two.
 */
function idlePreloadDone(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const parts = [/\\/assets\\/yaml-editor-[^/]*\\.js$/, /\\/assets\\/layer-graph-[^/]*\\.js$/,
      /\\/assets\\/config-diff-editor-[^/]*\\.js$/, /\\/api\\/invoke\\/toolchains%3Adoctor$/];
    const loaded = () => parts.every((re) => performance.getEntriesByType('resource')
      .some((e) => re.test(new URL(e.name).pathname) && e.responseEnd > 0));
    const deadline = performance.now() + 120000;
    while (!loaded()) {
      if (performance.now() > deadline) throw new Error('the idle preload did not finish in 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 2; i++) await new Promise((r) => requestIdleCallback(r, { timeout: 5000 }));
    return performance.now();
  })()`);
}

export interface ScreenTimes {
  name: string;
  first: number;
  revisit: number;
}

/**
 * Reloads the app on Runs and returns the milliseconds from the start of the document to Runs' rows on screen: the
 * first open of the home screen is the app's start (HTML, the main bundle, the first API calls).
 */
async function appStartToRuns(page: Page): Promise<number> {
  const runs = SCREENS.find((s) => s.name === 'Runs')!;
  await page.addInitScript(`new MutationObserver((_, observer) => {
    if (![...document.querySelectorAll(${JSON.stringify(runs.ready)})].some((el) => el.getClientRects().length > 0))
      return;
    window.__runsShownAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true, attributes: true });`);
  await page.evaluate(`location.hash = ${JSON.stringify(runs.hash)}`);
  await page.reload();
  // Polled with page.evaluate: waitForFunction evaluates a string predicate with eval, which the app's CSP refuses.
  for (let waited = 0; waited < 90_000; waited += 50) {
    const at = (await page.evaluate('window.__runsShownAt')) as number | undefined;
    if (at !== undefined) return at;
    await page.waitForTimeout(50);
  }
  throw new Error('the runs did not show within 90 s of the reload');
}

/**
 * The app's start on Runs, then (once the idle preload is done, see `idlePreloadDone`) the first open and revisit of
 * every other screen, returning to Runs between them: a screen's revisit follows a visit to Runs, and Runs' revisit
 * is the median of those returns. `preloadedAt`: when the preload was done, in ms since the document started.
 */
export async function measureScreens(page: Page): Promise<{ rows: ScreenTimes[]; preloadedAt: number }> {
  const runs = SCREENS.find((s) => s.name === 'Runs')!;
  const runsFirst = await appStartToRuns(page);
  const preloadedAt = await idlePreloadDone(page);
  const rows: ScreenTimes[] = [];
  const runsRevisits: number[] = [];
  for (const screen of SCREENS.filter((s) => s !== runs)) {
    const first = await timeTo(page, screen);
    runsRevisits.push(await timeTo(page, runs));
    const revisit = await timeTo(page, screen);
    await timeTo(page, runs);
    rows.push({ name: screen.name, first, revisit });
  }
  const runsRevisit = [...runsRevisits].sort((x, y) => x - y)[Math.floor(runsRevisits.length / 2)];
  return { rows: [...rows, { name: 'Runs (app start)', first: runsFirst, revisit: runsRevisit }], preloadedAt };
}

/** The printed table of `measureScreens`. */
export function screenTable(rows: ScreenTimes[]): string {
  return [
    'screen                    first open   revisit   (target: first ≤ 1000 ms, revisit ≤ 300 ms)',
    ...rows.map(
      (r) => `${r.name.padEnd(24)} ${r.first.toFixed(0).padStart(8)} ms ${r.revisit.toFixed(0).padStart(6)} ms`,
    ),
  ].join('\n');
}
