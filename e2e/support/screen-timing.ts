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

export interface ScreenTimes {
  name: string;
  first: number;
  revisit: number;
}

/**
 * First open and revisit of every screen, Runs first (the page is already on it) and returned to between screens:
 * a screen's revisit follows a visit to Runs. Runs' revisit is the median of those returns.
 */
export async function measureScreens(page: Page): Promise<ScreenTimes[]> {
  const runs = SCREENS.find((s) => s.name === 'Runs')!;
  const runsFirst = await timeTo(page, runs);
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
  return [...rows, { name: 'Runs', first: runsFirst, revisit: runsRevisit }];
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
