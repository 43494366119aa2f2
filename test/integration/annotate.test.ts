import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  MAX_ANNOTATED_CELLS,
  annotateWorkbook,
  annotatedFileName,
} from '../../pipeline/annotate/annotate-workbook.ts';
import { annotateReport } from '../../pipeline/annotate/annotate-report.ts';
import { SUMMARY_SHEET } from '../../pipeline/annotate/summary-sheet.ts';
import type { IssueCode } from '../../pipeline/issues/codes.ts';
import type { Issue, Severity } from '../../pipeline/issues/issue.ts';
import { workbookCells } from '../support/export-cells.ts';

const RED = 'FFFF0000';
const YELLOW = 'FFFFFF00';
const ROSTER = 'นักเรียน';
const INFO = 'ข้อมูลสถานศึกษา';

function issue(severity: Severity, code: IssueCode, at: Partial<Issue>, message: string): Issue {
  return {
    severity,
    code,
    sheet: null,
    cell: null,
    row: null,
    column: null,
    field: null,
    value: null,
    message,
    ...at,
  };
}

const ROSTER_ROWS: (string | number)[][] = [
  ['ลำดับ', 'คำนำหน้า', 'เลขประจำตัวประชาชน', 'ชั้น'],
  [1, 'ด.ช.', '1103700000001', 'ป.1'],
  [2, 'ด.ญ.', '0812345678901', 'ป.9'],
];

/** A roster whose ID cells all share one text style, as Excel saves a formatted column. */
async function rosterXlsx(configure?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const info = book.addWorksheet(INFO);
  info.addRow(['รหัสสถานศึกษา', '1234567890']);
  const roster = book.addWorksheet(ROSTER);
  ROSTER_ROWS.forEach((values) => roster.addRow(values));
  for (let r = 1; r <= ROSTER_ROWS.length; r++) roster.getCell(r, 3).numFmt = '@';
  // Row 5 starts in column B: a row-level issue marks its first used cell.
  roster.getCell('B5').value = 'ด.ช.';
  roster.getCell('C5').value = '1103700000002';
  configure?.(roster);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Every sheet's values as SheetJS reads them, by sheet name. */
function sheetValues(bytes: Uint8Array): Record<string, unknown[][]> {
  const book = XLSX.read(bytes, { type: 'buffer' });
  return Object.fromEntries(
    book.SheetNames.map((name) => [
      name,
      XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name]!, { header: 1, raw: true }),
    ]),
  );
}

function withoutSummary(values: Record<string, unknown[][]>): Record<string, unknown[][]> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => name !== SUMMARY_SHEET));
}

function sheetNames(bytes: Uint8Array): string[] {
  return XLSX.read(bytes, { type: 'buffer', bookSheets: true }).SheetNames;
}

/** The note text of a cell as SheetJS reads the comments part. */
function noteOf(bytes: Uint8Array, sheet: string, address: string): string | undefined {
  const cell = XLSX.read(bytes, { type: 'buffer' }).Sheets[sheet]?.[address] as XLSX.CellObject | undefined;
  return cell?.c?.map((comment) => comment.t).join('');
}

async function openExcel(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

function fillOf(book: ExcelJS.Workbook, sheet: string, address: string): string | undefined {
  const fill = book.getWorksheet(sheet)?.getCell(address).fill;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

function summaryRows(bytes: Uint8Array): unknown[][] {
  return sheetValues(bytes)[SUMMARY_SHEET] ?? [];
}

/** The issue table of the summary: the rows below its `ระดับ | รหัส | แผ่นงาน …` header. */
function summaryTable(bytes: Uint8Array): unknown[][] {
  const rows = summaryRows(bytes);
  const header = rows.findIndex((row) => row[0] === 'ระดับ' && row[2] === 'แผ่นงาน');
  return rows.slice(header + 1);
}

/** Windows-874 bytes of text holding ASCII and Thai (U+0E01–U+0E5B → 0xA1–0xFB). */
function windows874(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x0e01 && code <= 0x0e5b) return code - 0x0e01 + 0xa1;
      throw new Error(`not in Windows-874: ${ch}`);
    }),
  );
}

const CHECKSUM_ERROR = issue(
  'error',
  'cell/national-id-checksum',
  {
    sheet: ROSTER,
    cell: 'C2',
    row: 2,
    column: 'เลขประจำตัวประชาชน',
    field: 'national_id',
    value: '1103700000001',
  },
  'เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)',
);
const PREFIX_WARNING = issue(
  'warning',
  'cell/prefix-unknown',
  { sheet: ROSTER, cell: 'B3', row: 3, column: 'คำนำหน้า', field: 'prefix', value: 'ด.ญ.' },
  'คำนำหน้าชื่อไม่อยู่ในรายการ',
);
const GRADE_ERROR = issue(
  'error',
  'cell/grade-unknown',
  { sheet: ROSTER, cell: 'D3', row: 3, column: 'ชั้น', field: 'grade', value: 'ป.9' },
  'ระดับชั้นไม่ถูกต้อง ใช้ อ.1–อ.3, ป.1–ป.6, ม.1–ม.6 หรือ ปวช.1–ปวช.3',
);
const GRADE_WARNING = issue(
  'warning',
  'row/age-grade-mismatch',
  { sheet: ROSTER, cell: 'D3', row: 3, column: 'ชั้น', field: 'grade', value: 'ป.9' },
  'อายุไม่สอดคล้องกับระดับชั้น (ต่างเกิน 2 ปี)',
);
const DUPLICATE_ROW = issue(
  'error',
  'row/duplicate-id',
  { sheet: ROSTER, row: 5 },
  'เลขประจำตัวประชาชนซ้ำกับแถวอื่นในไฟล์เดียวกัน',
);
const FILE_ISSUE = issue(
  'error',
  'file/metadata-missing',
  {},
  'ไม่ได้ระบุข้อมูลส่วนหัว (รหัสสถานศึกษา ปีการศึกษา หรือภาคเรียน)',
);
const ALL_ISSUES = [CHECKSUM_ERROR, PREFIX_WARNING, GRADE_ERROR, GRADE_WARNING, DUPLICATE_ROW, FILE_ISSUE];

describe('annotateWorkbook', () => {
  it('when an xlsx has errors and warnings on cells then they are filled red or yellow and the values stay', async () => {
    const original = await rosterXlsx();
    const annotated = await annotateWorkbook(original, 'roster.xlsx', ALL_ISSUES);

    expect(withoutSummary(sheetValues(annotated))).toEqual(sheetValues(original));
    const book = await openExcel(annotated);
    expect(fillOf(book, ROSTER, 'C2')).toBe(RED);
    expect(fillOf(book, ROSTER, 'B3')).toBe(YELLOW);
    expect(fillOf(book, ROSTER, 'D3')).toBe(RED);
    // C3 shares C2's loaded style; marking C2 must not colour it.
    expect(fillOf(book, ROSTER, 'C3')).toBeUndefined();
    expect(fillOf(book, ROSTER, 'C1')).toBeUndefined();
    expect(book.getWorksheet(ROSTER)?.getCell('C3').numFmt).toBe('@');
  });

  it('when the clerk’s file holds formulas then the annotated copy holds the values they showed, never a formula', async () => {
    const original = await rosterXlsx((sheet) => {
      sheet.getCell('E2').value = { formula: 'HYPERLINK("http://evil.test","x")', result: 'x' };
      sheet.getCell('E3').value = { formula: '1+1', result: 2 };
      sheet.getCell('E4').value = { formula: "cmd|' /C calc'!A0", result: 'calc' };
      sheet.getCell('E5').value = '=text that only looks like a formula';
    });
    const annotated = await annotateWorkbook(original, 'roster.xlsx', ALL_ISSUES);
    const withFormulas = workbookCells(annotated).filter((c) => c.formula !== undefined);
    expect(workbookCells(original).filter((c) => c.formula !== undefined)).toHaveLength(3);
    expect(withFormulas).toEqual([]);
    const roster = workbookCells(annotated).filter((c) => /!E\d$/u.test(c.at));
    expect(roster.map((c) => [c.at, c.type, c.value])).toEqual([
      [`${ROSTER}!E2`, 's', 'x'],
      [`${ROSTER}!E3`, 'n', 2],
      [`${ROSTER}!E4`, 's', 'calc'],
      [`${ROSTER}!E5`, 's', '=text that only looks like a formula'],
    ]);
  });

  it('when issues have cells then each cell carries one note with a line per issue', async () => {
    const annotated = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', ALL_ISSUES);

    expect(noteOf(annotated, ROSTER, 'C2')).toBe(
      `ข้อผิดพลาด: ${CHECKSUM_ERROR.message} (cell/national-id-checksum)`,
    );
    expect(noteOf(annotated, ROSTER, 'D3')?.split('\n')).toEqual([
      `ข้อผิดพลาด: ${GRADE_ERROR.message} (cell/grade-unknown)`,
      `คำเตือน: ${GRADE_WARNING.message} (row/age-grade-mismatch)`,
    ]);
    expect(noteOf(annotated, ROSTER, 'A2')).toBeUndefined();
  });

  it('when an issue has a row but no cell then the row’s first used cell is marked', async () => {
    const annotated = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', [DUPLICATE_ROW]);

    const book = await openExcel(annotated);
    expect(fillOf(book, ROSTER, 'B5')).toBe(RED);
    expect(fillOf(book, ROSTER, 'A5')).toBeUndefined();
    expect(noteOf(annotated, ROSTER, 'B5')).toContain(DUPLICATE_ROW.message);
  });

  it('when a row-level issue falls on an empty row then column A carries it', async () => {
    const annotated = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', [
      { ...DUPLICATE_ROW, row: 9 },
    ]);

    expect(fillOf(await openExcel(annotated), ROSTER, 'A9')).toBe(RED);
    expect(noteOf(annotated, ROSTER, 'A9')).toContain('row/duplicate-id');
  });

  it('when a cell already has a note then the clerk’s note is kept and ours follows it', async () => {
    const original = await rosterXlsx((sheet) => {
      sheet.getCell('C2').note = 'ตรวจกับทะเบียนบ้านแล้ว';
    });
    const annotated = await annotateWorkbook(original, 'roster.xlsx', [CHECKSUM_ERROR]);

    const note = noteOf(annotated, ROSTER, 'C2') ?? '';
    expect(note.startsWith('ตรวจกับทะเบียนบ้านแล้ว')).toBe(true);
    expect(note).toContain(CHECKSUM_ERROR.message);
  });

  it('when a workbook is annotated then the summary sheet comes first and lists every issue', async () => {
    const annotated = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', ALL_ISSUES);

    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET, INFO, ROSTER]);
    expect(summaryTable(annotated)).toEqual(
      ALL_ISSUES.map((i) =>
        [
          i.severity === 'error' ? 'ข้อผิดพลาด' : 'คำเตือน',
          i.code,
          i.sheet,
          i.cell,
          i.row,
          i.column,
          i.value,
          i.message,
        ].map((v) => v ?? undefined),
      ).map((row) => trimTrailingEmpty(row)),
    );
  });

  it('when a workbook is annotated then the summary counts each code above the table', async () => {
    const annotated = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', [
      ...ALL_ISSUES,
      CHECKSUM_ERROR,
    ]);

    const rows = summaryRows(annotated);
    const table = rows.findIndex((row) => row[2] === 'แผ่นงาน');
    const counts = rows.slice(0, table).filter((row) => typeof row[2] === 'number');
    expect(counts).toContainEqual([
      'ข้อผิดพลาด',
      'cell/national-id-checksum',
      2,
      'เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)',
    ]);
    expect(counts).toContainEqual(['คำเตือน', 'cell/prefix-unknown', 1, 'คำนำหน้าชื่อไม่อยู่ในรายการ']);
    expect(counts).toHaveLength(6);
  });

  it('when issues fall on more cells than the bound then only the bound is marked and the summary says so', async () => {
    const rows = MAX_ANNOTATED_CELLS + 5;
    const original = await rosterXlsx((sheet) => {
      for (let r = 10; r < 10 + rows; r++) sheet.getCell(r, 1).value = r;
    });
    const issues = Array.from({ length: rows }, (_, i) =>
      issue('error', 'cell/required', { sheet: ROSTER, cell: `A${10 + i}`, row: 10 + i }, 'ต้องกรอกข้อมูลช่องนี้'),
    );
    const annotated = await annotateWorkbook(original, 'roster.xlsx', issues);

    const book = await openExcel(annotated);
    expect(fillOf(book, ROSTER, `A${10 + MAX_ANNOTATED_CELLS - 1}`)).toBe(RED);
    expect(fillOf(book, ROSTER, `A${10 + MAX_ANNOTATED_CELLS}`)).toBeUndefined();
    expect(summaryRows(annotated).flat().join('\n')).toContain(`ยังมีอีก 5 ช่องที่มีปัญหา`);
    expect(summaryTable(annotated)).toHaveLength(rows);
  });

  it('when an annotated file is annotated again then it keeps one fresh summary sheet', async () => {
    const once = await annotateWorkbook(await rosterXlsx(), 'roster.xlsx', ALL_ISSUES);
    const twice = await annotateWorkbook(once, 'roster.ตรวจสอบ.xlsx', [PREFIX_WARNING]);

    expect(sheetNames(twice)).toEqual([SUMMARY_SHEET, INFO, ROSTER]);
    expect(summaryTable(twice)).toHaveLength(1);
  });

  it('when the file is an .xls then its values come back in an .xlsx with the marks', async () => {
    const book = XLSX.utils.book_new();
    const roster = XLSX.utils.aoa_to_sheet([...ROSTER_ROWS, [3, 'นาย', '1103700000003', 'ม.1', 0.5]]);
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['รหัสสถานศึกษา', '1234567890']]), INFO);
    XLSX.utils.book_append_sheet(book, roster, ROSTER);
    const original = XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    const annotated = await annotateWorkbook(original, 'roster.xls', [
      CHECKSUM_ERROR,
      PREFIX_WARNING,
      GRADE_WARNING,
    ]);

    expect(withoutSummary(sheetValues(annotated))).toEqual(sheetValues(original));
    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET, INFO, ROSTER]);
    const opened = await openExcel(annotated);
    expect(fillOf(opened, ROSTER, 'C2')).toBe(RED);
    expect(fillOf(opened, ROSTER, 'B3')).toBe(YELLOW);
    expect(noteOf(annotated, ROSTER, 'D3')).toContain(GRADE_WARNING.message);
  });

  it('when the file is a UTF-8 CSV then every field stays text on a sheet named after the file', async () => {
    const csv =
      '\uFEFFลำดับ,คำนำหน้า,เลขประจำตัวประชาชน\r\n1,ด.ช.,0812345678901\r\n2,"ด.ญ., พิเศษ",1103700000001\r\n';
    const sheet = 'โรงเรียน ก';
    const issues = [
      { ...CHECKSUM_ERROR, sheet, cell: 'C3' },
      { ...PREFIX_WARNING, sheet, cell: 'B3' },
    ];
    const annotated = await annotateWorkbook(new TextEncoder().encode(csv), 'โรงเรียน ก.csv', issues);

    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET, sheet]);
    expect(sheetValues(annotated)[sheet]).toEqual([
      ['ลำดับ', 'คำนำหน้า', 'เลขประจำตัวประชาชน'],
      ['1', 'ด.ช.', '0812345678901'],
      ['2', 'ด.ญ., พิเศษ', '1103700000001'],
    ]);
    const opened = await openExcel(annotated);
    expect(fillOf(opened, sheet, 'C3')).toBe(RED);
    expect(fillOf(opened, sheet, 'B3')).toBe(YELLOW);
    expect(noteOf(annotated, sheet, 'C3')).toContain(CHECKSUM_ERROR.message);
  });

  it('when the file is a Windows-874 CSV then its Thai text is decoded', async () => {
    const csv = 'ลำดับ,ชื่อ,ชั้น\r\n1,สมชาย,ป.9\r\n';
    const issues = [{ ...GRADE_ERROR, sheet: 'roster', cell: 'C2' }];
    const annotated = await annotateWorkbook(windows874(csv), 'roster.csv', issues);

    expect(sheetValues(annotated)['roster']).toEqual([
      ['ลำดับ', 'ชื่อ', 'ชั้น'],
      ['1', 'สมชาย', 'ป.9'],
    ]);
    expect(fillOf(await openExcel(annotated), 'roster', 'C2')).toBe(RED);
  });

  it('when the file cannot be read then the result is the summary sheet alone', async () => {
    const unreadable = issue('error', 'file/unreadable', {}, 'อ่านไฟล์ไม่ได้ ไม่ใช่ไฟล์ Excel (.xlsx/.xls) หรือ CSV');
    const annotated = await annotateWorkbook(Uint8Array.from([0, 1, 2, 3, 0xff]), 'roster.xlsx', [
      unreadable,
    ]);

    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET]);
    expect(summaryTable(annotated)).toEqual([
      [
        'ข้อผิดพลาด',
        'file/unreadable',
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        unreadable.message,
      ],
    ]);
  });

  it('when an issue names a sheet or cell the book lacks then it is listed but marks nothing', async () => {
    const stray = [
      { ...CHECKSUM_ERROR, sheet: 'ไม่มีแผ่นนี้' },
      { ...CHECKSUM_ERROR, cell: 'C0', row: null },
    ];
    const original = await rosterXlsx();
    const annotated = await annotateWorkbook(original, 'roster.xlsx', stray);

    expect(withoutSummary(sheetValues(annotated))).toEqual(sheetValues(original));
    expect(summaryTable(annotated)).toHaveLength(2);
    expect(fillOf(await openExcel(annotated), ROSTER, 'C2')).toBeUndefined();
  });
});

describe('annotatedFileName', () => {
  it('when given the clerk’s file name then it marks it and names an .xlsx', () => {
    expect(annotatedFileName('roster.xlsx')).toBe('roster.ตรวจสอบ.xlsx');
    expect(annotatedFileName('โรงเรียน ก.xls')).toBe('โรงเรียน ก.ตรวจสอบ.xlsx');
    expect(annotatedFileName('C:\\uploads\\roster.csv')).toBe('roster.ตรวจสอบ.xlsx');
    expect(annotatedFileName('roster')).toBe('roster.ตรวจสอบ.xlsx');
  });
});

function trimTrailingEmpty(row: unknown[]): unknown[] {
  const out = [...row];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out;
}

describe('annotateReport', () => {
  it('when the parser refused to read the file then it is not opened again and the workbook is the summary alone', async () => {
    const tooMany = issue('error', 'file/too-many-rows', {}, 'ไฟล์มีจำนวนแถวเกินกำหนด');
    let reads = 0;
    const annotated = await annotateReport({ file: 'big.xlsx', issues: [tooMany] }, async () => {
      reads += 1;
      return rosterXlsx();
    });
    expect(reads).toBe(0);
    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET]);
    expect(summaryTable(annotated).map((row) => row[1])).toEqual(['file/too-many-rows']);
  });

  it('when the parser read the file then its cells are marked with every issue of the report', async () => {
    let reads = 0;
    const annotated = await annotateReport({ file: 'roster.xlsx', issues: [CHECKSUM_ERROR] }, async () => {
      reads += 1;
      return rosterXlsx();
    });
    expect(reads).toBe(1);
    expect(sheetNames(annotated)).toEqual([SUMMARY_SHEET, INFO, ROSTER]);
    expect(fillOf(await openExcel(annotated), ROSTER, 'C2')).toBe(RED);
  });
});
