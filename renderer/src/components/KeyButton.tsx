/**
 * A dialog button with its keyboard shortcut: pressed by Alt + `shortcut`, announced with
 * aria-keyshortcuts, and shown as a <kbd> hint. The hint is aria-hidden so the accessible name
 * stays the button's words ("Approve", CONTRACT.md section 9); screen readers read the shortcut
 * from aria-keyshortcuts instead.
 */
import { useRef } from 'react';
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useShortcut } from '../hooks/use-shortcut.js';
import { ariaShortcut, shortcutLabel } from '../lib/shortcuts.js';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function KeyButton({ shortcut, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { shortcut: string }): ReactNode {
  const ref = useRef<HTMLButtonElement>(null);
  useShortcut(shortcut, ref);
  return (
    <button type="button" ref={ref} aria-keyshortcuts={ariaShortcut(shortcut)} {...rest}>
      {children}
      <kbd className="key-hint" aria-hidden="true">
        {shortcutLabel(shortcut, MAC)}
      </kbd>
    </button>
  );
}
