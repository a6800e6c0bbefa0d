import type { Locator } from 'playwright-core';

/**
 * A computed style of an element. Reached through the element's own window because e2e code is typechecked
 * with Node types only (no DOM globals), like the rest of the non-renderer code.
 */
export function cssOf(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(
    (el, prop) => el.ownerDocument.defaultView!.getComputedStyle(el).getPropertyValue(prop),
    property,
  );
}
