import { describe, expect, it } from 'vitest';
import { ariaShortcut, isTypingTarget, shortcutLabel, shortcutLetter } from '../../../renderer/src/lib/shortcuts.js';
import { queueTarget } from '../../../renderer/src/lib/queue-nav.js';

const key = (key: string, code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutLetter', () => {
  it('reads Alt + a letter, and nothing without Alt or with another modifier', () => {
    expect(shortcutLetter(key('a', 'KeyA', { altKey: true }))).toBe('a');
    expect(shortcutLetter(key('a', 'KeyA'))).toBeNull();
    expect(shortcutLetter(key('Enter', 'Enter'))).toBeNull();
    expect(shortcutLetter(key('Enter', 'Enter', { altKey: true }))).toBeNull();
    expect(shortcutLetter(key('a', 'KeyA', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(shortcutLetter(key('A', 'KeyA', { altKey: true, shiftKey: true }))).toBeNull();
  });

  it('takes the letter the layout types, else the physical key (macOS ⌥A reports "å")', () => {
    expect(shortcutLetter(key('å', 'KeyA', { altKey: true }))).toBe('a');
    // AZERTY: the key labelled A sits where QWERTY has Q.
    expect(shortcutLetter(key('a', 'KeyQ', { altKey: true }))).toBe('a');
    expect(shortcutLetter(key('q', 'KeyA', { altKey: true }))).toBe('q');
  });
});

describe('isTypingTarget', () => {
  it('is true where keystrokes become text, false on buttons, boxes and selects', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'email' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('labels', () => {
  it('spells the shortcut for ARIA and for the button', () => {
    expect(ariaShortcut('a')).toBe('Alt+A');
    expect(shortcutLabel('d', false)).toBe('Alt+D');
    expect(shortcutLabel('d', true)).toBe('⌥D');
  });
});

describe('queueTarget', () => {
  it('moves by one with arrows and j/k, stops at the ends, jumps with Home/End', () => {
    expect(queueTarget('ArrowDown', 0, 3)).toBe(1);
    expect(queueTarget('j', 2, 3)).toBe(2);
    expect(queueTarget('ArrowUp', 0, 3)).toBe(0);
    expect(queueTarget('k', 2, 3)).toBe(1);
    expect(queueTarget('Home', 2, 3)).toBe(0);
    expect(queueTarget('End', 0, 3)).toBe(2);
    expect(queueTarget('Enter', 0, 3)).toBeNull();
    expect(queueTarget('j', 0, 0)).toBeNull();
  });
});
