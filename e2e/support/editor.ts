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
