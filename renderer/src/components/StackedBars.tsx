/**
 * One stacked bar a day, drawn as plain SVG (no chart library: nothing to load past the CSP, and
 * the colours are CSS variables, so a dark theme restyles it). Bars stretch to the width; every
 * label is HTML, so it stays crisp and reflows at any zoom.
 *
 * Pointer: hovering a segment shows its day's figures; clicking it calls onPick(day, series), the
 * empty part of a day's column onPick(day, null). Keyboard: the chart is one tab stop (a roving
 * tabindex over the segments): ←/→ move between days, ↑/↓ between a day's segments, Home/End,
 * Enter or Space picks. Each segment is a button named with its figures.
 */
import { useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { shortDay } from '../lib/chart-data.js';
import type { Stack } from '../lib/chart-data.js';

export interface StackedBarsProps {
  /** The chart's accessible name, e.g. "Events per day". */
  label: string;
  stack: Stack;
  colorOf: (series: string, index: number) => string;
  format: (v: number) => string;
  onPick: (day: string, series: string | null) => void;
  testId: string;
}

const H = 100;
const SLOT = 10;
const BAR = 7;

interface Pos {
  day: number;
  seg: number;
}

export function StackedBars({ label, stack, colorOf, format, onPick, testId }: StackedBarsProps): ReactNode {
  const tipId = useId();
  const svg = useRef<SVGSVGElement>(null);
  const [hoverAt, setHover] = useState<Pos | null>(null);
  const [focusAt, setFocus] = useState<Pos | null>(null);
  const { bars, series, max } = stack;
  const scale = max > 0 ? H / max : 0;
  // Each day's segments, bottom up (series order), without the empty ones.
  const segs = bars.map((b) => series.map((s, i) => ({ s, i, v: b.parts.get(s) ?? 0 })).filter((x) => x.v > 0));
  // A click narrows the filter, so the bars change under the pointer: a position kept from the old bars may be gone.
  const valid = (p: Pos | null): Pos | null => (p && segs[p.day]?.[p.seg] ? p : null);
  const hover = valid(hoverAt);
  const focus = valid(focusAt);
  const firstFilled = segs.findIndex((d) => d.length > 0);
  const roving: Pos | null = focus ?? (firstFilled >= 0 ? { day: firstFilled, seg: 0 } : null);
  const shown = hover ?? focus;

  const move = (to: Pos): void => {
    setFocus(to);
    svg.current?.querySelector<SVGRectElement>(`[data-pos="${to.day}:${to.seg}"]`)?.focus();
  };
  const nextFilled = (from: number, step: number): number => {
    for (let d = from + step; d >= 0 && d < bars.length; d += step) if (segs[d]!.length) return d;
    return from;
  };
  const onKey = (e: KeyboardEvent, at: Pos): void => {
    const clampSeg = (day: number): number => Math.min(at.seg, segs[day]!.length - 1);
    let to: Pos | null = null;
    if (e.key === 'ArrowRight') to = { day: nextFilled(at.day, 1), seg: 0 };
    else if (e.key === 'ArrowLeft') to = { day: nextFilled(at.day, -1), seg: 0 };
    else if (e.key === 'ArrowUp') to = { day: at.day, seg: Math.min(at.seg + 1, segs[at.day]!.length - 1) };
    else if (e.key === 'ArrowDown') to = { day: at.day, seg: Math.max(at.seg - 1, 0) };
    else if (e.key === 'Home') to = { day: nextFilled(-1, 1), seg: 0 };
    else if (e.key === 'End') to = { day: nextFilled(bars.length, -1), seg: 0 };
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(bars[at.day]!.day, segs[at.day]![at.seg]!.s);
      return;
    }
    if (!to) return;
    e.preventDefault();
    move({ day: to.day, seg: e.key === 'ArrowLeft' || e.key === 'ArrowRight' ? clampSeg(to.day) : to.seg });
  };

  const tip = shown ? bars[shown.day] : undefined;
  const tipSeries = shown ? segs[shown.day]![shown.seg]?.s : undefined;
  const width = Math.max(1, bars.length) * SLOT;

  return (
    <div className="chart" data-testid={testId}>
      <div className="chart-plot">
        <div className="chart-axis" aria-hidden="true">
          <span>{format(max)}</span>
          <span>{format(0)}</span>
        </div>
        <div className="chart-area" onMouseLeave={() => setHover(null)}>
          <svg ref={svg} viewBox={`0 0 ${width} ${H}`} preserveAspectRatio="none" role="group" aria-label={`${label}: ${bars.length} days, ${format(stack.total)} in all`} className="chart-svg">
            {bars.map((b, d) => {
              let y = H;
              return (
                <g key={b.day} data-day={b.day} data-total={b.total}>
                  {/* The whole column: a click on its empty part picks the day alone. */}
                  <rect className="chart-column" x={d * SLOT} y={0} width={SLOT} height={H} onMouseEnter={() => setHover(segs[d]!.length ? { day: d, seg: 0 } : null)} onClick={() => b.total > 0 && onPick(b.day, null)} />
                  {segs[d]!.map((x, k) => {
                    const h = x.v * scale;
                    y -= h;
                    const at = { day: d, seg: k };
                    const active = shown?.day === d && shown.seg === k;
                    return (
                      <rect
                        key={x.s}
                        className={`chart-seg${active ? ' active' : ''}`}
                        data-pos={`${d}:${k}`}
                        data-series={x.s}
                        data-value={x.v}
                        x={d * SLOT + (SLOT - BAR) / 2}
                        y={y}
                        width={BAR}
                        height={Math.max(h, 0.4)}
                        style={{ fill: colorOf(x.s, x.i) }}
                        role="button"
                        tabIndex={roving?.day === d && roving.seg === k ? 0 : -1}
                        aria-label={`${shortDay(b.day)}, ${x.s}: ${format(x.v)} of ${format(b.total)}`}
                        aria-describedby={active ? tipId : undefined}
                        onMouseEnter={() => setHover(at)}
                        onFocus={() => setFocus(at)}
                        onBlur={() => setFocus(null)}
                        onKeyDown={(e) => onKey(e, at)}
                        onClick={(e) => (e.stopPropagation(), onPick(b.day, x.s))}
                      />
                    );
                  })}
                </g>
              );
            })}
          </svg>
          {tip && (
            <div id={tipId} role="tooltip" className={`chart-tip${shown!.day > bars.length / 2 ? ' left' : ''}`} style={{ left: `${((shown!.day + 0.5) / bars.length) * 100}%` }} data-testid={`${testId}-tip`}>
              <strong>{shortDay(tip.day)}</strong> · {format(tip.total)}
              <ul>
                {series
                  .filter((s) => tip.parts.has(s))
                  .reverse()
                  .map((s) => (
                    <li key={s} className={s === tipSeries ? 'current' : ''}>
                      <span className="swatch" style={{ background: colorOf(s, series.indexOf(s)) }} aria-hidden="true" />
                      {s} <span className="mono">{format(tip.parts.get(s)!)}</span>
                    </li>
                  ))}
              </ul>
            </div>
          )}
        </div>
      </div>
      <div className="chart-days" aria-hidden="true">
        <span>{bars.length ? shortDay(bars[0]!.day) : ''}</span>
        {bars.length > 2 && <span>{shortDay(bars[Math.floor(bars.length / 2)]!.day)}</span>}
        <span>{bars.length > 1 ? shortDay(bars[bars.length - 1]!.day) : ''}</span>
      </div>
      <ul className="chart-legend" aria-label={`${label}: legend`}>
        {series.map((s, i) => (
          <li key={s}>
            <span className="swatch" style={{ background: colorOf(s, i) }} aria-hidden="true" />
            {s}
          </li>
        ))}
      </ul>
    </div>
  );
}
