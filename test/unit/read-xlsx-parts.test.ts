import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../pipeline/read/read-spreadsheet.ts';
import { readWorkbook } from '../../pipeline/read/read-workbook.ts';
import { readXlsxParts } from '../../pipeline/read/read-xlsx-parts.ts';
import { DEFAULT_CELL_LIMITS, type CellLimits } from '../../pipeline/read/workbook.ts';
import { partKeeper } from '../../pipeline/read/xlsx-book-parts.ts';
import { checkZip, DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { createRng, type Rng } from '../../synthetic/prng.ts';
import { writeLiteralXlsx } from '../../synthetic/xlsx-literal.ts';
import { writeWorkbook } from '../helpers/workbook.ts';
import { handXlsx, handXlsxEntries, type HandSheet } from '../helpers/xlsx-parts.ts';
import { zipBytes } from '../helpers/zip-bytes.ts';

// The fast reader must give what SheetJS gives for the same bytes: SheetJS is the oracle here.
const ROW_CAP = 60;

function fastRead(bytes: Uint8Array, limits: CellLimits = DEFAULT_CELL_LIMITS) {
  const keeper = partKeeper();
  expect(checkZip(bytes, DEFAULT_ZIP_LIMITS, keeper).ok).toBe(true);
  return readXlsxParts(keeper.parts, ROW_CAP, limits);
}

function sheetJsRead(bytes: Uint8Array, limits: CellLimits = DEFAULT_CELL_LIMITS) {
  return readSpreadsheet(bytes, ROW_CAP, limits, true);
}

/** Both readers on the bytes: the fast one must not leave the file to SheetJS, and must agree with it. */
function expectSameAsSheetJs(bytes: Uint8Array, limits?: CellLimits): void {
  const fast = fastRead(bytes, limits);
  expect(fast).not.toBeNull();
  expect(fast).toStrictEqual(sheetJsRead(bytes, limits));
}

const THAI = ['สมชาย', 'ใจดี', 'เด็กหญิง', 'กานต์ธิดา', 'ม.1', '๑๒/๓/๒๕๖๐', 'น้ำ'];
const ESCAPED = [
  '&amp;',
  '&lt;b&gt;',
  '&quot;x&apos;',
  '&#3585;',
  '&#x0E01;',
  '_x000D_',
  'a_x0041_b',
  '&AMP;',
];

function text(rng: Rng): string {
  const parts = Array.from({ length: rng.int(0, 3) }, () =>
    rng.chance(0.6)
      ? rng.pick(THAI)
      : rng.chance(0.5)
        ? rng.pick(ESCAPED)
        : rng.pick([' ', '\r\n', '\n', 'A1', '0']),
  );
  return parts.join('');
}

/** A shared-string entry in one of the shapes Excel, LibreOffice and the libraries write. */
function sharedEntry(rng: Rng): string {
  const value = text(rng);
  switch (rng.int(0, 5)) {
    case 0:
      return `<si><t>${value}</t></si>`;
    case 1:
      return `<si><t xml:space="preserve">${value}</t></si>`;
    case 2:
      return `<si><r><t>${value}</t></r><r><rPr><b/></rPr><t xml:space="preserve"> ${text(rng)}</t></r></si>`;
    case 3:
      return `<si><r><t>${value}</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/></si>`;
    case 4:
      return `<si><t>${value}</t><rPh sb="0" eb="1"><t>x</t></rPh></si>`;
    default:
      return rng.chance(0.5) ? '<si><t/></si>' : '<si></si>';
  }
}

function numberText(rng: Rng): string {
  return rng.pick([
    '0',
    '7',
    '007',
    '1830165918366',
    '12345678901234567',
    '-3',
    '2.5',
    '1.5E-3',
    '4.2e+5',
    '240101',
    ' 5',
  ]);
}

/** One cell with the value encodings a real .xlsx may use; `r` left out at times. */
function cellXml(rng: Rng, ref: string, strings: number): string {
  const r = rng.chance(0.8) ? ` r="${ref}"` : '';
  const s = rng.chance(0.3) ? ` s="${rng.int(0, 3)}"` : '';
  switch (rng.int(0, 13)) {
    case 0:
      return `<c${r}${s}><v>${numberText(rng)}</v></c>`;
    case 1:
      return `<c${s}${r} t="n"><v>${numberText(rng)}</v></c>`;
    case 2:
    case 3:
      return `<c${r}${s} t="s"><v>${rng.int(0, strings - 1)}</v></c>`;
    case 4:
      return `<c${r} t="str"><f>A1&amp;B1</f><v>${text(rng)}</v></c>`;
    case 5:
      return `<c${r} t="inlineStr"><is>${sharedEntry(rng).slice(4, -5)}</is></c>`;
    case 6:
      return `<c${r} t="b"><v>${rng.pick(['1', '0', 'true', 'false', 'yes'])}</v></c>`;
    case 7:
      return `<c${r} t="e"><v>${rng.pick(['#N/A', '#DIV/0!', '#REF!', '#SPILL!', '#WTF?'])}</v></c>`;
    case 8:
      return `<c${r}${s}/>`;
    case 9:
      return `<c${r} t="${rng.pick(['s', 'str', 'b', 'e', 'inlineStr', 'n'])}"/>`;
    case 10:
      return `<c${r}><f>SUM(A1:A3)</f></c>`;
    case 11:
      return `<c${r} t="" ><v>${numberText(rng)}</v></c>`;
    case 12:
      return `<c${r} t='x'><v>9</v></c>`;
    default:
      return `<c${r} t="str"><v></v></c>`;
  }
}

function columnName(c: number): string {
  return c < 26 ? String.fromCharCode(65 + c) : `A${String.fromCharCode(65 + c - 26)}`;
}

function sheetRowsXml(rng: Rng, strings: number): string {
  const rows: string[] = [];
  let rowNumber = 0;
  const last = rng.int(0, ROW_CAP + 5);
  while (rowNumber < last) {
    rowNumber += rng.chance(0.2) ? rng.int(2, 4) : 1;
    if (rng.chance(0.1)) {
      rows.push(`<row r="${rowNumber}" spans="1:3" ht="15"/>`);
      continue;
    }
    const r = rng.chance(0.85) ? ` r="${rowNumber}"` : '';
    let column = -1;
    const cells = Array.from({ length: rng.int(0, 8) }, () => {
      column += rng.chance(0.25) ? rng.int(2, 4) : 1;
      return cellXml(rng, `${columnName(column)}${rowNumber}`, strings);
    });
    rows.push(`<row${r} x14ac:dyDescent="0.25">${cells.join('')}</row>`);
  }
  return rows.join('\n');
}

/** Which kinds of value a sheet's rows hold, by a name a reader can check. */
function tally(rows: readonly (readonly unknown[])[], hidden: boolean, seen: Set<string>): void {
  if (hidden) seen.add('hidden');
  for (const value of rows.flat()) {
    if (value === null) seen.add('null');
    else if (typeof value === 'boolean') seen.add(String(value));
    else if (typeof value === 'number')
      seen.add(Number.isNaN(value) ? 'NaN' : Number.isInteger(value) ? 'integer' : 'fraction');
    else if (value === '#N/A' || value === '#ERROR') seen.add(value);
    else if (value === '') seen.add('empty text');
    else if (typeof value === 'string') {
      if (/[ก-๙]/u.test(value)) seen.add('thai');
      if (value.includes('&')) seen.add('text with &');
      if (value.includes('\r')) seen.add('text with CR');
    }
  }
}

function randomBook(seed: number): Uint8Array {
  const rng = createRng(seed, 'fast-xlsx');
  const entries = Array.from({ length: rng.int(1, 12) }, () => sharedEntry(rng));
  const sheets: HandSheet[] = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
    name: rng.chance(0.5) ? `ข้อมูล ${i}` : `R&D <${i}>`,
    rowsXml: sheetRowsXml(rng, entries.length),
    ...(rng.chance(0.3) ? { state: rng.pick(['hidden', 'veryHidden'] as const) } : {}),
  }));
  const sharedStringsXml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${entries.length}">${entries.join('')}</sst>`;
  return handXlsx({ sheets, sharedStringsXml });
}

describe('the fast .xlsx reader against SheetJS', () => {
  it('when 300 generated workbooks mix every cell encoding then it reads each exactly as SheetJS does', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = randomBook(seed);
      const fast = fastRead(bytes);
      expect(fast, `seed ${seed}`).not.toBeNull();
      const sheetJs = sheetJsRead(bytes);
      expect(fast, `seed ${seed}`).toStrictEqual(sheetJs);
      if (sheetJs.ok) for (const sheet of sheetJs.sheets) tally(sheet.rows, sheet.hidden, seen);
    }
    // The generated books must reach every kind of value, or the comparison proves little.
    expect([...seen].sort()).toStrictEqual(
      [
        '#ERROR',
        '#N/A',
        'empty text',
        'false',
        'fraction',
        'hidden',
        'integer',
        'null',
        'text with &',
        'text with CR',
        'thai',
        'true',
      ].sort(),
    );
  });

  it('when ExcelJS, SheetJS (shared strings or not) or the literal writer wrote the file then both readers agree', () => {
    const rows = [
      ['ชื่อ', 'วันเกิด', 'จำนวน', 'ผ่าน'],
      ['สมชาย & ใจดี', new Date(Date.UTC(2013, 8, 16)), 12.5, true],
      [null, '16/9/56', 1830165918366, false],
      ['  เว้นวรรค  ', 'line\r\nbreak', -0.25, null],
    ];
    expectSameAsSheetJs(
      writeWorkbook([
        { name: 'นักเรียน', rows },
        { name: 'ซ่อน', rows: [['x']], hidden: true },
      ]),
    );
    for (const bookSST of [false, true]) {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'นักเรียน');
      expectSameAsSheetJs(
        XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST, compression: true }) as Buffer,
      );
    }
    expectSameAsSheetJs(
      writeLiteralXlsx([
        { name: 'นักเรียน', rows },
        { name: '_template', rows: [['a']], hidden: true },
      ]),
    );
  });

  it('when a limit is tight then the fast reader names the same limit and cell as SheetJS', () => {
    const bytes = randomBook(7);
    for (const limits of [
      { ...DEFAULT_CELL_LIMITS, maxColumns: 3 },
      { ...DEFAULT_CELL_LIMITS, maxCells: 20 },
      { ...DEFAULT_CELL_LIMITS, maxCellChars: 4 },
    ]) {
      const fast = fastRead(bytes, limits);
      expect(fast?.ok).toBe(false);
      expect(fast).toStrictEqual(sheetJsRead(bytes, limits));
    }
  });
});

describe('what the fast reader leaves to SheetJS', () => {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const plainRows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3</v></c></row>';
  const sst = (body: string) => `<sst xmlns="${NS}">${body}</sst>`;
  const cases: ReadonlyArray<readonly [string, Uint8Array]> = [
    [
      'a date-typed cell',
      handXlsx({
        sheets: [{ name: 'a', rowsXml: '<row r="1"><c r="A1" t="d"><v>2024-01-31T00:00:00</v></c></row>' }],
      }),
    ],
    [
      'CDATA in the shared strings',
      handXlsx({
        sheets: [{ name: 'a', rowsXml: plainRows }],
        sharedStringsXml: sst('<si><t><![CDATA[a<b]]></t></si>'),
      }),
    ],
    [
      'a self-closed shared string',
      handXlsx({
        sheets: [{ name: 'a', rowsXml: plainRows }],
        sharedStringsXml: sst('<si/><si><t>x</t></si>'),
      }),
    ],
    [
      'a shared-string index past the table',
      handXlsx({
        sheets: [{ name: 'a', rowsXml: '<row r="1"><c r="A1" t="s"><v>5</v></c></row>' }],
        sharedStringsXml: sst('<si><t>x</t></si>'),
      }),
    ],
    [
      'a chart sheet',
      handXlsx({
        sheets: [{ name: 'a', rowsXml: plainRows }],
        sharedStringsXml: sst('<si><t>x</t></si>'),
        workbookRels: [['chartsheet', 'chartsheets/sheet1.xml']],
      }),
    ],
    ['namespace-prefixed cells', prefixedBook()],
  ];

  it.each(cases)(
    'when the file holds %s then the fast reader gives it to SheetJS, whose reading stands',
    (_what, bytes) => {
      expect(fastRead(bytes)).toBeNull();
      const book = readWorkbook(bytes, 'x.xlsx', {
        maxBytes: 1e7,
        maxRows: ROW_CAP - 21,
        zip: DEFAULT_ZIP_LIMITS,
      });
      const sheetJs = sheetJsRead(bytes);
      expect(book.ok).toBe(sheetJs.ok);
      if (book.ok && sheetJs.ok) expect(book.book.sheets).toStrictEqual(sheetJs.sheets);
    },
  );
});

/** A workbook whose worksheet writes its markup under the `x:` prefix, as some .NET writers do. */
function prefixedBook(): Uint8Array {
  const entries = handXlsxEntries({ sheets: [{ name: 'a', rowsXml: '' }] }).map((entry) =>
    entry.name === 'xl/worksheets/sheet1.xml'
      ? {
          ...entry,
          data: new TextEncoder().encode(
            '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>4</x:v></x:c></x:row></x:sheetData></x:worksheet>',
          ),
        }
      : entry,
  );
  return zipBytes(entries);
}

describe('hostile addresses in the fast reader', () => {
  const readLimits = (cells = DEFAULT_CELL_LIMITS) => ({
    maxBytes: 1e7,
    maxRows: ROW_CAP - 21,
    zip: DEFAULT_ZIP_LIMITS,
    cells,
  });

  it('when a cell names a row far past the cap inside row 1 then the sheet is refused as too long, without building the rows', () => {
    const bytes = handXlsx({
      sheets: [
        { name: 'ข้อมูล', rowsXml: '<row r="1"><c r="A1"><v>1</v></c><c r="B900000000"><v>2</v></c></row>' },
      ],
    });
    expect(fastRead(bytes)).toStrictEqual({
      ok: false,
      reason: 'too-many-rows',
      sheet: 'ข้อมูล',
      rows: 900_000_000,
    });
    const read = readWorkbook(bytes, 'x.xlsx', readLimits());
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.issue).toMatchObject({ code: 'file/too-many-rows', sheet: 'ข้อมูล', value: '900000000 แถว' });
  });

  it('when a cell lies past the last column Excel has or the rows outgrow the cell budget then SheetJS names the limit, as before', () => {
    const wide = handXlsx({
      sheets: [{ name: 'a', rowsXml: '<row r="1"><c r="A1"><v>1</v></c><c r="AMK1"><v>2</v></c></row>' }],
    });
    expect(fastRead(wide)).toStrictEqual(sheetJsRead(wide));
    const pastExcel = handXlsx({
      sheets: [{ name: 'a', rowsXml: '<row r="1"><c r="XFE1"><v>2</v></c></row>' }],
    });
    expect(fastRead(pastExcel)).toBeNull();
    const pastRead = readWorkbook(pastExcel, 'x.xlsx', readLimits());
    expect(pastRead.ok).toBe(false);
    if (!pastRead.ok) expect(pastRead.issue).toMatchObject({ code: 'file/over-limit', cell: 'XFE1' });

    const sparse = Array.from(
      { length: 20 },
      (_, r) => `<row r="${r + 1}"><c r="ALL${r + 1}"><v>${r}</v></c></row>`,
    ).join('');
    const tight = { ...DEFAULT_CELL_LIMITS, maxCells: 100 };
    const gaps = handXlsx({ sheets: [{ name: 'b', rowsXml: sparse }] });
    expect(fastRead(gaps, tight)).toBeNull();
    const gapsRead = readWorkbook(gaps, 'x.xlsx', readLimits(tight));
    expect(gapsRead.ok).toBe(false);
    if (!gapsRead.ok) expect(gapsRead.issue).toMatchObject({ code: 'file/over-limit', cell: 'ALL1' });
  });
});
