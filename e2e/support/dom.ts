import type { Locator } from 'playwright-core';

/**
 * A computed style of an element. The callback is passed as source text because e2e code is typechecked with
 * Node types only (no DOM lib), the same as the rest of the non-renderer code.
 */
export function cssOf(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(`(el) => getComputedStyle(el).getPropertyValue(${JSON.stringify(property)})`) as Promise<string>;
}
