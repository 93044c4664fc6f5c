/** What a row of dialog buttons says: each button's words (without its shortcut hint) and its shortcut. */
import type { Locator } from 'playwright-core';

export function buttonLabels(buttons: Locator): Promise<string[]> {
  return buttons.evaluateAll((els) =>
    els.map((el) => {
      const words = [...el.childNodes]
        .filter((n) => !(n instanceof Element && n.getAttribute('aria-hidden') === 'true'))
        .map((n) => n.textContent ?? '')
        .join('');
      const keys = el.getAttribute('aria-keyshortcuts');
      return keys ? `${words} [${keys}]` : words;
    }),
  );
}
