import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeExcelTemplate, type ExcelRecord } from '../helpers/exceljs-workbook.ts';

let ctx: ParseContext;
beforeAll(async () => {
  const reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, limits: { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS } };
});

const PUPIL: ExcelRecord = {
  national_id: '1103702488992',
  prefix: 'ด.ญ.',
  first_name: 'มาลี',
  last_name: 'ใจดี',
  sex: 'หญิง',
  birth_date: '05/03/2556',
  grade: 'ป.1',
};

describe('names in a real workbook', () => {
  test('when names carry prefixes, split sara am, misplaced tones or zero-width characters then one canonical name is stored', async () => {
    const rows: ExcelRecord[] = [
      { ...PUPIL, prefix: null, first_name: 'นางนวล' },
      { ...PUPIL, national_id: '3249800008341', prefix: null, first_name: 'เด็กหญิงมาลี' },
      { ...PUPIL, national_id: '1100000000016', first_name: 'น\u0E4D\u0E49\u0E32ทิพย์' },
      { ...PUPIL, national_id: '1100000000024', first_name: 'พ\u0E48\u0E35\u200Bรัก', last_name: 'ใจดี\u0E35' },
    ];
    const bytes = await writeExcelTemplate(SIS_STUDENTS, {
      info: { institution_code: '1234567890', academic_year: 2562, term: 2 },
      rows,
    });
    const result = parseSubmission(bytes, 'school.xlsx', ctx);
    expect(result.rows.pupils.map((p) => [p.prefix, p.first_name, p.last_name])).toEqual([
      [null, 'นางนวล', 'ใจดี'],
      ['ด.ญ.', 'มาลี', 'ใจดี'],
      ['ด.ญ.', 'น้ำทิพย์', 'ใจดี'],
      ['ด.ญ.', 'พี่รัก', 'ใจดี'],
    ]);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([['cell/prefix-missing', 'B2']]);
  });
});
