import { performance } from 'node:perf_hooks';

/** One timed stage: how long it took and how much it got through. */
export interface StageFigures {
  readonly name: string;
  readonly seconds: number;
  readonly files: number;
  readonly rows: number;
  readonly rowsPerSecond: number;
  readonly filesPerSecond: number;
  /** Seconds spent inside the timed call alone (without reading files from disk), when known. */
  readonly computeSeconds?: number;
}

export function stageFigures(
  name: string,
  seconds: number,
  counts: { files: number; rows: number },
  computeSeconds?: number,
): StageFigures {
  return {
    name,
    seconds: round(seconds, 2),
    files: counts.files,
    rows: counts.rows,
    rowsPerSecond: Math.round(counts.rows / seconds),
    filesPerSecond: round(counts.files / seconds, 1),
    ...(computeSeconds === undefined ? {} : { computeSeconds: round(computeSeconds, 2) }),
  };
}

/** Seconds since `started` (a performance.now() reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Runs `work`, adding its duration to `clock.seconds`. */
export function timed<T>(clock: { seconds: number }, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    clock.seconds += secondsSince(started);
  }
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
