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

/** The editor's lines as shown (Monaco renders them absolutely positioned, not in order; spaces are &nbsp;). */
export async function editorLines(page: Page): Promise<string[]> {
  const lines = await page
    .locator('.monaco-editor .view-lines .view-line')
    .evaluateAll((els) =>
      els.map((el) => ({ top: parseFloat((el as { style: { top: string } }).style.top), text: el.textContent ?? '' })),
    );
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, ' '));
}

/**
 * Types one line and presses Enter, as a user ends a line. A suggestion list that opened for the line is closed first
 * (Enter would accept it instead of starting a new line); the language worker may open it a moment after the text.
 */
export async function typeLine(page: Page, text: string): Promise<void> {
  await page.keyboard.insertText(text);
  const suggest = page.locator('.suggest-widget.visible');
  for (let quiet = 0; quiet < 2;) {
    await page.waitForTimeout(150);
    if (await suggest.isVisible()) {
      await page.keyboard.press('Escape');
      quiet = 0;
    } else quiet++;
  }
  await page.keyboard.press('Enter');
}
