import type { Grade } from '../reference/reference.ts';
import { normaliseText } from '../text/normalise-text.ts';

const LEVEL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(อ|อนุบาล|k|kg)$/u, 'อ.'],
  [/^(ป|ประถม|ประถมศึกษา|ประถมศึกษาปีที่|p)$/u, 'ป.'],
  [/^(ม|มัธยม|มัธยมศึกษา|มัธยมศึกษาปีที่|m)$/u, 'ม.'],
  [/^(ปวช|vc)$/u, 'ปวช.'],
];

/**
 * Reads a grade as clerks write it (`ป.1`, `ป1`, `ป. 1`, `ประถมศึกษาปีที่ 1`, `อนุบาล 2`, `P1`,
 * `ชั้น ป.1`, `ป.1/2`)
 * and returns the canonical grade, or undefined.
 */
export function parseGrade(text: string, grades: readonly Grade[]): Grade | undefined {
  // `ชั้น ป.1` and the grade/room form `ป.1/2` (grade 1, room 2) are common: the word and room go.
  const compact = normaliseText(text)
    .toLowerCase()
    .replace(/[\s.]/gu, '')
    .replace(/^ชั้น/u, '')
    .replace(/\/\d+$/u, '');
  const match = /^(\D+?)(?:ปีที่)?(\d{1,2})$/u.exec(compact);
  if (!match) return undefined;
  const level = LEVEL_WORDS.find(([pattern]) => pattern.test(match[1]!));
  if (!level) return undefined;
  const code = `${level[1]}${Number(match[2])}`;
  return grades.find((g) => g.code === code);
}
