import { useEffect } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, RefObject } from 'react';
import { isTypingTarget, shortcutLetter } from '../lib/shortcuts.js';

/**
 * Alt + `letter` presses the button in `ref` — through click(), so a disabled button (busy, or
 * Approve in the moment after a request comes up: useArmed) stays unpressed, exactly as for a
 * mouse. Ignored while the focus is in a text field (lib/shortcuts.ts says why).
 */
export function useShortcut(letter: string, ref: RefObject<HTMLButtonElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat || shortcutLetter(e) !== letter) return;
      if (isTypingTarget(e.target as Element | null)) return;
      const button = ref.current;
      if (!button) return;
      // Alt alone would also focus the menu bar in some shells: the key is ours once it matched.
      e.preventDefault();
      if (!button.disabled) button.click();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [letter, ref]);
}

/**
 * Escape in a dialog's text field hands the focus back to the dialog's heading, so the shortcuts
 * work again without tabbing out (they are off while typing). For a dialog <section>'s onKeyDown.
 */
export function leaveFieldOnEscape(e: ReactKeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Escape' || !isTypingTarget(e.target as Element)) return;
  const heading = e.currentTarget.querySelector<HTMLElement>('h2[tabindex="-1"]');
  if (!heading) return;
  e.preventDefault();
  heading.focus();
}
