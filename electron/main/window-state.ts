/**
 * The window's size and position across restarts: `<data dir>/window.json`. No Electron import — the
 * displays come in as plain rectangles — so the placement rules are unit-tested: a saved position is
 * used only if enough of the window (its title bar) lands on a display that still exists, and the size
 * never exceeds the largest display (a monitor unplugged since must not leave the window off-screen).
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-write.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface Placement {
  /** Absent: let the OS centre it. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** How much of the window must overlap a display for its saved position to be kept. */
const VISIBLE = 100;

export function loadWindowState(file: string): WindowState | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { bounds?: Partial<Rect>; maximized?: unknown };
    const b = v.bounds ?? {};
    if (![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    return { bounds: { x: b.x!, y: b.y!, width: b.width!, height: b.height! }, maximized: v.maximized === true };
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  const r = (n: number): number => Math.round(n);
  const bounds = { x: r(state.bounds.x), y: r(state.bounds.y), width: r(state.bounds.width), height: r(state.bounds.height) };
  writeFileAtomic(file, JSON.stringify({ bounds, maximized: state.maximized }) + '\n', 0o600);
}

export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[], size: { width: number; height: number; minWidth: number; minHeight: number }): Placement {
  if (!saved) return { width: size.width, height: size.height, maximized: false };
  const maxW = Math.max(size.minWidth, ...workAreas.map((a) => a.width));
  const maxH = Math.max(size.minHeight, ...workAreas.map((a) => a.height));
  const width = clamp(saved.bounds.width, size.minWidth, maxW);
  const height = clamp(saved.bounds.height, size.minHeight, maxH);
  const rect = { x: saved.bounds.x, y: saved.bounds.y, width, height };
  const visible = workAreas.some((a) => overlap(rect.x, rect.width, a.x, a.width) >= Math.min(VISIBLE, width) && overlap(rect.y, rect.height, a.y, a.height) >= Math.min(VISIBLE / 2, height) && rect.y >= a.y - 1);
  return visible ? { x: rect.x, y: rect.y, width, height, maximized: saved.maximized } : { width, height, maximized: saved.maximized };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

function overlap(a: number, aLen: number, b: number, bLen: number): number {
  return Math.max(0, Math.min(a + aLen, b + bLen) - Math.max(a, b));
}
