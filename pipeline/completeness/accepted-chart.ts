import type { AcceptedDay } from './completeness-types.ts';

const DAY_MS = 86_400_000;
const BANGKOK_OFFSET_MS = 7 * 3600 * 1000;
/** No window is this long; bounds the chart whatever a moved window says. */
const MAX_DAYS = 400;

/** A bar chart laid out for an SVG the server renders (the view draws it; no client code). */
export interface AcceptedChart {
  readonly width: number;
  readonly height: number;
  /** The baseline's y and the plot's left and right x. */
  readonly baseY: number;
  readonly left: number;
  readonly right: number;
  readonly maxFiles: number;
  readonly bars: ReadonlyArray<{
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly day: string;
    readonly files: number;
  }>;
  /** Day labels under the axis, a few across the window. */
  readonly labels: ReadonlyArray<{ readonly x: number; readonly text: string }>;
}

/** The Bangkok calendar day (`YYYY-MM-DD`) an instant falls on. */
export function bangkokDay(at: Date): string {
  return new Date(at.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * One bar per Bangkok day from the window's first day to its last (the day before the closing
 * midnight), each as tall as the files accepted that day against the busiest day.
 */
export function acceptedChart(days: readonly AcceptedDay[], opensAt: Date, closesAt: Date): AcceptedChart {
  const first = Date.parse(bangkokDay(opensAt));
  const last = Math.max(first, Date.parse(bangkokDay(new Date(closesAt.getTime() - 1))));
  const count = Math.min(MAX_DAYS, Math.round((last - first) / DAY_MS) + 1);
  const byDay = new Map(days.map((d) => [d.day, d.files]));
  const all = Array.from({ length: count }, (_, i) => {
    const day = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
    return { day, files: byDay.get(day) ?? 0 };
  });
  const [width, height, left, right, top, baseY] = [720, 220, 40, 710, 12, 190];
  const step = (right - left) / count;
  const maxFiles = Math.max(1, ...all.map((d) => d.files));
  const bars = all.map((d, i) => {
    const h = ((baseY - top) * d.files) / maxFiles;
    return {
      x: round(left + i * step + step * 0.1),
      y: round(baseY - h),
      width: round(step * 0.8),
      height: round(h),
      ...d,
    };
  });
  const every = Math.max(1, Math.ceil(count / 6));
  const labels = all
    .map((d, i) => ({
      x: round(left + i * step + step / 2),
      text: d.day.slice(5).split('-').reverse().join('/'),
      i,
    }))
    .filter((l) => l.i % every === 0)
    .map(({ x, text }) => ({ x, text }));
  return { width, height, baseY, left, right, maxFiles, bars, labels };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
