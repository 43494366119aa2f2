import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { parsePersonId } from '../../pipeline/ids/national-id.ts';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { rosterColumn, writeExcelTemplate, type ExcelRecord } from '../helpers/exceljs-workbook.ts';

let ctx: ParseContext;
beforeAll(async () => {
  const reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, limits: { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS } };
});

const PUPIL: ExcelRecord = {
  prefix: 'ด.ช.',
  first_name: 'สมชาย',
  last_name: 'ใจดี',
  sex: 'ชาย',
  birth_date: '05/03/2556',
  grade: 'ป.1',
};

describe('IDs with any dash', () => {
  test.each([
    '1-1037-02488-99-2',
    '1–1037–02488–99–2',
    '1—1037—02488—99—2',
    '1‐1037‐02488‐99‐2',
    '1−1037−02488−99−2',
    '1－1037－02488－99－2',
    '1 1037 02488 99 2',
  ])('when the ID is written %s then it reads 1103702488992', (text) => {
    expect(parsePersonId(text)).toEqual({
      ok: true,
      value: { id: '1103702488992', kind: 'national-id' },
      warnings: [],
    });
  });
});

describe('G-codes in a real workbook of round 2562', () => {
  test('when a G-code was issued after the round or names no province then it is a warning and the pupil counts', async () => {
    const rows: ExcelRecord[] = [
      { ...PUPIL, national_id: 'G624200000001' },
      { ...PUPIL, national_id: 'G644200000002' },
      { ...PUPIL, national_id: 'G–60–99–00000003' },
      { ...PUPIL, national_id: '1—1037—02488—99—2' },
    ];
    const bytes = await writeExcelTemplate(SIS_STUDENTS, {
      info: { institution_code: '1234567890', academic_year: 2562, term: 2 },
      rows,
    });
    const result = parseSubmission(bytes, 'school.xlsx', ctx);
    expect(result.rows.pupils.map((p) => [p.national_id, p.id_kind])).toEqual([
      ['G624200000001', 'g-code'],
      ['G644200000002', 'g-code'],
      ['G609900000003', 'g-code'],
      ['1103702488992', 'national-id'],
    ]);
    const column = rosterColumn(SIS_STUDENTS, 'national_id');
    expect(result.issues.map((i) => [i.code, i.severity, i.cell, i.message])).toEqual([
      ['cell/g-code-year', 'warning', `${column}3`, 'ปีที่ออกรหัส G อยู่หลังปีการศึกษาของรอบนี้: ปี 2564'],
      ['cell/g-code-province-unknown', 'warning', `${column}4`, 'รหัสจังหวัดในรหัส G ไม่ใช่รหัสจังหวัดที่มีอยู่: รหัส 99'],
    ]);
  });
});
