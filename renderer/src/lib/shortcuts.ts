/**
 * The dialogs' keyboard shortcuts (issue 23), as pure functions so they are unit-tested without a DOM.
 *
 * One scheme everywhere: Alt + a letter (⌥ + the letter on macOS), and never while the focus is in
 * a field you type into. Alt alone is not enough, because on macOS and on AltGr keyboard layouts
 * Alt + a letter types a character (⌥A is "å"): in a text field that keystroke must stay text.
 * Approve is never a bare Enter: Enter only ever presses the button that has the focus.
 */

/** What a keydown event carries that matters here (a KeyboardEvent satisfies it). */
export interface KeyLike {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/** What an event target looks like to isTypingTarget (an Element satisfies it). */
export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** Inputs that do not take typed text: Alt + a letter on them is a shortcut, not a character. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the focus is somewhere keystrokes become text: a text input, a textarea, an editable element. */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') return !NOT_TYPED.has((target.type ?? 'text').toLowerCase());
  return false;
}

/**
 * The shortcut letter a keydown means ("a" for Alt+A), or null. The letter the layout produces
 * when it is a plain a–z (so an AZERTY "A" is A); otherwise the physical key (macOS ⌥A reports
 * key "å", code "KeyA").
 */
export function shortcutLetter(e: KeyLike): string | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (/^[a-z]$/i.test(e.key)) return e.key.toLowerCase();
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? m[1]!.toLowerCase() : null;
}

/** The aria-keyshortcuts value (WAI-ARIA spells modifiers this way on every platform). */
export function ariaShortcut(letter: string): string {
  return `Alt+${letter.toUpperCase()}`;
}

/** The hint printed on the button: "Alt+A", or "⌥A" where the key is labelled Option. */
export function shortcutLabel(letter: string, mac: boolean): string {
  return mac ? `⌥${letter.toUpperCase()}` : ariaShortcut(letter);
}
