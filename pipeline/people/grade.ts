import type { Grade } from '../reference/reference.ts';
import { normaliseText } from '../text/normalise-text.ts';

const LEVEL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(อ|อนุบาล|k|kg)$/u, 'อ.'],
  [/^(ป|ประถม|ประถมศึกษา|ประถมศึกษาปีที่|p)$/u, 'ป.'],
  [/^(ม|มัธยม|มัธยมศึกษา|มัธยมศึกษาปีที่|m)$/u, 'ม.'],
  [/^(ปวช|vc)$/u, 'ปวช.'],
];

/**
 * Reads a grade as clerks write it (`ป.1`, `ป1`, `ป. 1`, `ประถมศึกษาปีที่ 1`, `อนุบาล 2`, `P1`)
 * and returns the canonical grade, or undefined.
 */
export function parseGrade(text: string, grades: readonly Grade[]): Grade | undefined {
  const compact = normaliseText(text).toLowerCase().replace(/[\s.]/gu, '');
  const match = /^(\D+?)(?:ปีที่)?(\d{1,2})$/u.exec(compact);
  if (!match) return undefined;
  const level = LEVEL_WORDS.find(([pattern]) => pattern.test(match[1]!));
  if (!level) return undefined;
  const code = `${level[1]}${Number(match[2])}`;
  return grades.find((g) => g.code === code);
}
