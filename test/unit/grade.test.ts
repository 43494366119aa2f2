import { beforeAll, describe, expect, test } from 'vitest';
import { parseGrade } from '../../pipeline/people/grade.ts';
import { loadReference, type Reference } from '../../pipeline/reference/reference.ts';

let reference: Reference;
beforeAll(async () => {
  reference = await loadReference(new URL('../../data', import.meta.url).pathname);
});

describe('grades', () => {
  test.each([
    ['ป.1', 'ป.1'],
    ['ป1', 'ป.1'],
    ['ป. 1', 'ป.1'],
    ['ประถมศึกษาปีที่ 1', 'ป.1'],
    ['ป.๖', 'ป.6'],
    ['อนุบาล 2', 'อ.2'],
    ['อ.3', 'อ.3'],
    ['K1', 'อ.1'],
    ['P6', 'ป.6'],
    ['ม.4', 'ม.4'],
    ['มัธยมศึกษาปีที่ 6', 'ม.6'],
    ['ปวช.1', 'ปวช.1'],
    ['ปวช 3', 'ปวช.3'],
    ['ชั้น ป.2', 'ป.2'],
    ['ป.1/2', 'ป.1'],
    ['ม.๓/๑', 'ม.3'],
  ])('when the grade is written %s then it is %s', (text, code) => {
    expect(parseGrade(text, reference.grades)?.code).toBe(code);
  });

  test.each(['ป.7', 'อ.4', 'ม.0', 'ชั้นหนึ่ง', '', 'ปวส.1'])(
    'when the grade is %j then it is unknown',
    (text) => {
      expect(parseGrade(text, reference.grades)).toBeUndefined();
    },
  );
});
