import { describeSpread, spreadOf, type Spread } from './spread.ts';

/** The bounds issue 16 sets; the benchmarks print them beside the figures, they assert nothing. */
export const GOALS = {
  endToEndRatio: 0.75,
  mainPeakMb: 600,
  bigWorkbookChildMb: 250,
  cliRatio: 1.0,
} as const;

/**
 * One goal beside its measured spread. A time goal is judged on the median run; a memory goal
 * on the worst run (a peak that is reached once is reached).
 */
export interface GoalVerdict {
  readonly goal: string;
  readonly spread: Spread;
  readonly judgedOn: 'median' | 'worst run';
  readonly judged: number;
  readonly unit: '×' | 'MB';
  readonly met: boolean;
}

/** A time ratio (stage ÷ SheetJS alone in the same run) at most `limit`, judged on the median. */
export function ratioGoal(goal: string, ratios: readonly number[], limit: number): GoalVerdict {
  const spread = spreadOf(ratios);
  return { goal, spread, judgedOn: 'median', judged: spread.median, unit: '×', met: spread.median <= limit };
}

/** A peak RSS under (`strict`) or at most `limitMb`, judged on the worst run. */
export function memoryGoal(
  goal: string,
  peaksMb: readonly number[],
  limitMb: number,
  strict: boolean,
): GoalVerdict {
  const spread = spreadOf(peaksMb, 0);
  const worst = spread.max;
  return {
    goal,
    spread,
    judgedOn: 'worst run',
    judged: worst,
    unit: 'MB',
    met: strict ? worst < limitMb : worst <= limitMb,
  };
}

/** The goal lines: goal, median (min–max) over the runs, what was judged, met or MISSED. */
export function describeGoals(verdicts: readonly GoalVerdict[]): string[] {
  if (verdicts.length === 0) return [];
  const width = Math.max(...verdicts.map((v) => v.goal.length));
  return [
    'goals of issue 16 (median (min–max) over the runs; time judged on the median, memory on the worst run):',
    ...verdicts.map((v) => {
      const digits = v.unit === '×' ? 2 : 0;
      const figure = `${describeSpread(v.spread, digits)} ${v.unit}`;
      const judged = `${v.judgedOn} ${v.judged.toFixed(digits)} ${v.unit}`;
      return `  ${v.goal.padEnd(width)}  ${figure.padStart(22)}  ${judged.padEnd(20)} ${v.met ? 'met' : 'MISSED'}`;
    }),
  ];
}
