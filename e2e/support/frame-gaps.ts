import type { Page } from 'playwright-core';

/**
 * Milliseconds between animation frames while `step` (JavaScript run in the page with the frame number `n` in scope)
 * runs once per frame for `frames` frames: how smooth scrolling or panning is, measured in the page so Playwright's
 * own round trips are not counted. A string because e2e and bench code have no DOM types.
 */
export async function frameGaps(page: Page, frames: number, step: string): Promise<number[]> {
  return (await page.evaluate(`new Promise((resolve) => {
    let n = 0; const gaps = []; let last = performance.now();
    const tick = () => { const now = performance.now(); gaps.push(now - last); last = now;
      ((n) => { ${step} })(n);
      if (++n < ${frames}) requestAnimationFrame(tick); else resolve(gaps); };
    requestAnimationFrame(tick);
  })`)) as number[];
}

/** The 95th percentile of a sample. */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)];
}

/** Scrolls `selector` by big jumps, one per frame (the runs grid: rendering 10,000 rows would take seconds a frame). */
export const scrollJumps = (selector: string): string =>
  `const el = document.querySelector(${JSON.stringify(selector)}); el.scrollTop = (n * 997 * 34) % el.scrollHeight;`;

/** One wheel notch on React Flow's pane per frame, at (x, y) in the page: panning the graph. */
export const wheelPan = (x: number, y: number): string =>
  `document.querySelector('.react-flow__pane').dispatchEvent(new WheelEvent('wheel', ` +
  `{ deltaY: 120, bubbles: true, clientX: ${x}, clientY: ${y} }));`;
