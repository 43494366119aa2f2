import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { codeLookup, parseCodeListCell } from '../../pipeline/validate/code-list.ts';
import { parseSex } from '../../pipeline/people/prefix.ts';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { rosterColumn, writeExcelTemplate, type ExcelRecord } from '../helpers/exceljs-workbook.ts';

let reference: Reference;
let ctx: ParseContext;
beforeAll(async () => {
  reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, limits: { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS } };
});

const SCHOOL_INFO = { institution_code: '1234567890', academic_year: 2562, term: 2 };
const CDC_INFO = { institution_code: '5420100001', academic_year: 2562, term: 2 };
const PUPIL: ExcelRecord = {
  national_id: '1103702488992',
  prefix: 'ด.ช.',
  first_name: 'สมชาย',
  last_name: 'ใจดี',
  sex: 'ชาย',
  birth_date: '05/03/2556',
  grade: 'ป.1',
};

/** Spellings clerks write in the disability column, and the code each means (null: none). */
const DISABILITY_SPELLINGS: ReadonlyArray<readonly [string, string | null]> = [
  ['ปกติ', null],
  ['ไม่มีความพิการ', null],
  ['ไม่พิการ', null],
  ['ไม่มี', null],
  ['-', null],
  ['ไม่ระบุ', null],
  ['ตาบอด', '1'],
  ['บกพร่องทางการมองเห็น', '1'],
  ['พิการทางการเห็น', '1'],
  ['หูหนวก', '2'],
  ['หูตึง', '2'],
  ['ปัญญาอ่อน', '3'],
  ['บกพร่องทางสติปัญญา', '3'],
  ['พิการทางร่างกาย', '4'],
  ['บกพร่องทางร่างกายและสุขภาพ', '4'],
  ['LD', '5'],
  ['บกพร่องทางการเรียนรู้', '5'],
  ['พูดไม่ชัด', '6'],
  ['สมาธิสั้น', '7'],
  ['ออทิสติก', '8'],
  ['ออทิสติค', '8'],
  ['ออทิสซึม', '8'],
  ['พิการซ้ำซ้อน', '9'],
  ['8 ออทิสติก', '8'],
  ['๘', '8'],
];

/** Spellings clerks write in the disadvantage column, and the code each means (null: none). */
const DISADVANTAGE_SPELLINGS: ReadonlyArray<readonly [string, string | null]> = [
  ['ปกติ', null],
  ['ไม่ด้อยโอกาส', null],
  ['ไม่มีความด้อยโอกาส', null],
  ['ยากจน', '1'],
  ['เด็กยากจน', '1'],
  ['ยากไร้', '1'],
  ['ยากจนพิเศษ', '1'],
  ['ถูกทอดทิ้ง', '2'],
  ['เด็กถูกทิ้ง', '2'],
  ['เร่ร่อน', '3'],
  ['แรงงานเด็ก', '4'],
  ['ธุรกิจทางเพศ', '5'],
  ['สถานพินิจ', '6'],
  ['เอดส์', '7'],
  ['ชนกลุ่มน้อย', '8'],
  ['ชาติพันธุ์', '8'],
  ['ถูกทารุณ', '9'],
  ['ยาเสพติด', '10'],
  ['กำพร้า', '11'],
  ['เด็กกำพร้า', '11'],
  ['กำพร้าบิดา', '11'],
  ['อื่นๆ', '12'],
  ['12. อื่น ๆ', '12'],
];

describe('code-list spellings', () => {
  test.each(DISABILITY_SPELLINGS)('when the disability is written %s then it reads %s', (text, code) => {
    expect(parseCodeListCell(text, codeLookup(reference.disabilities))).toEqual({
      ok: true,
      value: code,
      warnings: [],
    });
  });

  test.each(DISADVANTAGE_SPELLINGS)('when the disadvantage is written %s then it reads %s', (text, code) => {
    expect(parseCodeListCell(text, codeLookup(reference.disadvantages))).toEqual({
      ok: true,
      value: code,
      warnings: [],
    });
  });
});

describe('sex written as a word, a letter or a prefix', () => {
  test.each([
    ['ชาย', 'M'],
    ['ช', 'M'],
    ['ช.', 'M'],
    ['M', 'M'],
    ['male', 'M'],
    ['เด็กชาย', 'M'],
    ['ด.ช.', 'M'],
    ['ดช', 'M'],
    ['นาย', 'M'],
    ['หญิง', 'F'],
    ['ญ', 'F'],
    ['F', 'F'],
    ['เด็กหญิง', 'F'],
    ['ด.ญ.', 'F'],
    ['น.ส.', 'F'],
    ['ผู้หญิง', 'F'],
  ] as const)('when the sex cell says %s then the sex is %s', (text, sex) => {
    expect(parseSex(text)).toBe(sex);
  });
});

describe('a workbook whose optional cells are unknown', () => {
  test('when side fields hold unknown values then every child counts and each cell has a warning', async () => {
    const rows: ExcelRecord[] = [
      { ...PUPIL, disability: 'ตาบอดสี', disadvantage: 'ยากจน', nationality: 'ไม่ทราบ', room: 'ห้องพิเศษ ๒/๑' },
      { ...PUPIL, national_id: '3249800008341', disability: 'ปกติ', disadvantage: 'ลูกคนเดียว' },
      { ...PUPIL, national_id: '1100000000016', disability: 'ไม่มีความพิการ', sex: 'เด็กชาย' },
    ];
    const bytes = await writeExcelTemplate(SIS_STUDENTS, { info: SCHOOL_INFO, rows });
    const result = parseSubmission(bytes, 'school.xlsx', ctx);
    expect(result.status).toBe('accepted');
    expect(result.rowsRejected).toBe(0);
    expect(
      result.rows.pupils.map((p) => [p.disability, p.disadvantage, p.nationality, p.room, p.sex]),
    ).toEqual([
      ['unknown', '1', 'ไม่ทราบ', 'ห้องพิเศษ 2/1', 'M'],
      [null, 'unknown', null, null, 'M'],
      [null, null, null, null, 'M'],
    ]);
    expect(result.issues.map((i) => [i.code, i.severity, i.cell, i.value])).toEqual([
      ['cell/option-unknown', 'warning', `${rosterColumn(SIS_STUDENTS, 'disability')}2`, 'ตาบอดสี'],
      ['cell/option-unknown', 'warning', `${rosterColumn(SIS_STUDENTS, 'disadvantage')}3`, 'ลูกคนเดียว'],
    ]);
  });

  test('when a sex cell is blank or unreadable then a gendered prefix gives it, and with none the row is rejected', async () => {
    const rows: ExcelRecord[] = [
      { ...PUPIL, prefix: 'ด.ญ.', first_name: 'มาลี', sex: null },
      { ...PUPIL, national_id: '3249800008341', prefix: 'เด็กชาย', sex: 'ไม่ระบุ' },
      { ...PUPIL, national_id: '1100000000016', prefix: 'ด.ญ.', sex: 'ด.ญ.' },
      { ...PUPIL, national_id: '1100000000024', prefix: null, sex: '?' },
    ];
    const bytes = await writeExcelTemplate(CCIS_CHILDREN, {
      info: CDC_INFO,
      rows: rows.map((r) => ({ ...r, birth_date: '05/03/2559' })),
    });
    const result = parseSubmission(bytes, 'cdc.xlsx', ctx);
    expect(result.rows.children.map((c) => c.sex)).toEqual(['F', 'M', 'F']);
    const sexColumn = rosterColumn(CCIS_CHILDREN, 'sex');
    const prefixColumn = rosterColumn(CCIS_CHILDREN, 'prefix');
    expect(result.issues.map((i) => [i.code, i.severity, i.cell])).toEqual([
      ['row/sex-from-prefix', 'warning', `${sexColumn}2`],
      ['cell/sex-unknown', 'warning', `${sexColumn}3`],
      ['row/sex-from-prefix', 'warning', `${sexColumn}3`],
      ['cell/prefix-missing', 'warning', `${prefixColumn}5`],
      ['cell/sex-unknown', 'warning', `${sexColumn}5`],
      ['row/sex-missing', 'error', `${sexColumn}5`],
    ]);
    expect(result.rowsRejected).toBe(1);
  });
});
