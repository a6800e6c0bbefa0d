import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { type ServeProcess, startServe } from './serve-process';

export type Browser = Awaited<ReturnType<typeof launchChromium>>;

/**
 * For one describe block: starts `serve` (options computed in beforeAll, e.g. a seeded workspace, awaited) and
 * Chromium on the printed URL, and stops both afterwards. The fields are set once beforeAll has run.
 */
export function useWorkbench(
  options: () => Parameters<typeof startServe>[0] | Promise<Parameters<typeof startServe>[0]> = () => ({}),
): {
  serve: ServeProcess;
  browser: Browser;
} {
  const session = {} as { serve: ServeProcess; browser: Browser };
  beforeAll(async () => {
    session.serve = await startServe(await options());
    session.browser = await launchChromium();
    await session.browser.page.goto(session.serve.url);
    // Seeding a workspace may run real analyses first (minutes on a loaded 2-core machine).
  }, 600_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.serve?.stop();
  });
  return session;
}
