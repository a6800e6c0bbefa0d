import type { Page } from 'playwright-core';

/**
 * Replaces the Monaco editor's text. One insertText is one input event: typing key by key drops characters on a
 * busy machine, and multi-line input would be re-indented, so tests pass flow-style (single-line) YAML.
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/**
 * Waits until F8 (next problem) shows a marker whose message matches `message`. The squiggle on screen may
 * still be the previous text's until the language worker answers, and a line can carry several markers (main's
 * check and monaco-yaml's), so F8 steps through them and is retried.
 */
export async function waitForEditorMarker(page: Page, message: RegExp): Promise<void> {
  const widget = page.locator('.marker-widget').getByText(message);
  for (let i = 0; i < 30 && !(await widget.isVisible()); i++) {
    if (i % 4 === 0) await page.keyboard.press('Escape');
    await page.keyboard.press('F8');
    await widget.waitFor({ timeout: 1000 }).catch(() => undefined);
  }
  await widget.waitFor();
  await page.keyboard.press('Escape');
}

/** A run file with `name:` and an open `stages:` list, the cursor on the list's first item line (indented). */
export async function startStageList(page: Page, name: string): Promise<void> {
  await replaceEditorText(page, `name: ${name}`);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('stages:');
  await page.keyboard.press('Enter');
}
