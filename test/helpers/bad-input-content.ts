/**
 * Workbooks whose container is sound and whose content is hostile or broken, for the bad-input
 * corpus: sheets of Excel's full height or width, a 50 MB cell, millions of shared strings,
 * formulas and external links (whose saved values are read, never evaluated), macros, names with
 * control characters and right-to-left marks, merged and hidden cells, Excel's error values, and
 * dates, numbers and text stored as the other.
 */
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { validId } from '../support/fixtures.ts';
import { randomBytes, type CorpusCase } from './bad-input-containers.ts';
import { error, formula, num, pupilCells, text, writeHandTemplate, type CellXml } from './hand-template.ts';
import { handXlsx, rowXml, sharedStringsXml } from './xlsx-parts.ts';

const MB = 1024 * 1024;
const MACRO_TYPE = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';
const ALPHABET = new TextEncoder().encode(
  'abcdefghijklmnopqrstuvwxyzกขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ0123456789',
);

/** Two good pupils with one field of the first replaced. */
function withCell(key: string, cell: CellXml): Array<Record<string, CellXml>> {
  return [{ ...pupilCells(1), [key]: cell }, pupilCells(2)];
}

/**
 * A sheet of `rows` rows of one number each, in compact XML without addresses: a block of 2,048
 * distinct rows (longer than deflate's 32 KB window, so the ratio stays that of plain digits)
 * repeated. Quick to write, as big as Excel's full height.
 */
function tallSheet(rows: number): Uint8Array {
  const block = Array.from(
    { length: 2048 },
    (_, i) => `<row><c><v>${(i * 7919) % 100_003}</v></c></row>`,
  ).join('');
  return handXlsx({ sheets: [{ name: 'สูง', rowsXml: block.repeat(rows / 2048) }] });
}

/**
 * A sheet of Excel's full width: `rows` rows of 16,384 numbers (compact cells, no addresses). A
 * row's numbers differ and a row is longer than deflate's window, so the ratio stays plain.
 */
function wideSheet(rows: number, withDimension: boolean): Uint8Array {
  const row = `<row>${Array.from({ length: 16_384 }, (_, c) => `<c><v>${(c * 7919) % 100_003}</v></c>`).join('')}</row>`;
  const head = withDimension ? `<dimension ref="A1:XFD${rows}"/>` : '';
  return handXlsx({ sheets: [{ name: 'กว้าง', head, rowsXml: row.repeat(rows) }] });
}

/** A shared-string table of `count` short strings: a block of 4,096 distinct ones, repeated. */
function manyStrings(count: number): Uint8Array {
  const block = Array.from({ length: 4096 }, (_, i) => `<si><t>s${(i * 7919) % 100_003}</t></si>`).join('');
  return handXlsx({
    sheets: [{ name: 'S', rowsXml: '<row r="1"><c r="A1" t="s"><v>5</v></c></row>' }],
    sharedStringsXml: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${block.repeat(Math.ceil(count / 4096))}</sst>`,
  });
}

/** A text cell of `length` copies of one letter, written without escaping (nothing to escape). */
function longText(letter: string, length: number): CellXml {
  return (ref) => `<c r="${ref}" t="inlineStr"><is><t>${letter.repeat(length)}</t></is></c>`;
}

function sizeCases(): CorpusCase[] {
  return [
    {
      name: 'rows-1048576.xlsx',
      kind: 'huge sheet',
      bytes: () => tallSheet(1_048_576),
      expect: { status: 'rejected', code: 'file/too-many-rows', mentions: 'SIS_MAX_ROWS' },
    },
    {
      name: 'columns-16384-dimension.xlsx',
      kind: 'huge sheet',
      bytes: () => wideSheet(3, true),
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_COLUMNS' },
    },
    {
      name: 'columns-16384-no-dimension.xlsx',
      kind: 'huge sheet',
      bytes: () => wideSheet(3, false),
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_COLUMNS' },
    },
    {
      name: 'columns-16384-rows-100-no-dimension.xlsx',
      kind: 'huge sheet',
      bytes: () => wideSheet(100, false),
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_CELLS' },
    },
    {
      name: 'dimension-claims-1048576-rows.xlsx',
      kind: 'huge sheet',
      bytes: () =>
        writeHandTemplate({
          rows: [pupilCells(1), pupilCells(2)],
          rosterHead: '<dimension ref="A1:K1048576"/>',
        }),
      expect: { status: 'accepted' },
    },
    {
      name: 'dimension-lies-small.xlsx',
      kind: 'huge sheet',
      bytes: () =>
        writeHandTemplate({ rows: [pupilCells(1), pupilCells(2)], rosterHead: '<dimension ref="A1:A1"/>' }),
      expect: { status: 'accepted' },
    },
    {
      name: 'cell-50mb-repeated.xlsx',
      kind: 'huge cell',
      bytes: () => writeHandTemplate({ rows: withCell('first_name', longText('a', 50 * MB)) }),
      expect: { status: 'rejected', code: 'file/over-limit' },
    },
    {
      name: 'cell-50mb-stored.xlsx',
      kind: 'huge cell',
      bytes: () =>
        writeHandTemplate({ rows: withCell('first_name', longText('b', 50 * MB)), book: { stored: true } }),
      expect: { status: 'rejected', code: 'file/too-large', mentions: 'SIS_MAX_UPLOAD_MB' },
    },
    {
      name: 'cell-2mb-shared-string.xlsx',
      kind: 'huge cell',
      bytes: () => {
        const big = new TextDecoder().decode(randomBytes(2 * MB, 19, ALPHABET.subarray(0, 26)));
        return handXlsx({
          sheets: [{ name: 'S', rowsXml: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
          sharedStringsXml: sharedStringsXml([big]),
        });
      },
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_CELL_CHARS' },
    },
    {
      name: 'cell-40000-chars.xlsx',
      kind: 'huge cell',
      bytes: () => writeHandTemplate({ rows: withCell('last_name', text('ข'.repeat(40_000))) }),
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_CELL_CHARS' },
    },
    {
      name: 'shared-strings-1.6-million.xlsx',
      kind: 'shared strings',
      bytes: () => manyStrings(1_600_000),
      expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_CELLS' },
    },
    {
      name: 'shared-strings-200-thousand.xlsx',
      kind: 'shared strings',
      bytes: () => manyStrings(200_000),
      expect: { status: 'rejected', code: 'file/unknown-template' },
    },
    {
      name: 'shared-string-index-out-of-range.xlsx',
      kind: 'shared strings',
      bytes: () =>
        handXlsx({
          sheets: [{ name: 'S', rowsXml: '<row r="1"><c r="A1" t="s"><v>999999999</v></c></row>' }],
          sharedStringsXml: sharedStringsXml(['a']),
        }),
      expect: { status: 'rejected' },
    },
  ];
}

/** Formulas and links: the value Excel saved is read; nothing is evaluated or fetched. */
function formulaCases(): CorpusCase[] {
  // Saved values that differ from what the formulas would compute: what is read is what was saved.
  const savedId = validId('110370249999');
  const cases: Array<[string, Array<Record<string, CellXml>>, CorpusCase['expect']?]> = [
    [
      'formula-id-cached.xlsx',
      withCell('national_id', formula('CONCATENATE("11037024","10013")', savedId)),
      { status: 'accepted', first: { national_id: savedId } },
    ],
    ['formula-no-cached-value.xlsx', withCell('first_name', formula('UPPER("x")', null))],
    ['formula-number-cached.xlsx', withCell('room', formula('1+1', 2)), { status: 'accepted' }],
    [
      'formula-dde.xlsx',
      withCell('first_name', formula("cmd|' /C calc'!A0", 'สมชาย')),
      { status: 'accepted', first: { first_name: 'สมชาย' } },
    ],
    [
      'formula-webservice.xlsx',
      withCell('first_name', formula('WEBSERVICE("http://127.0.0.1:9/x")', 'สมหญิง')),
      { status: 'accepted', first: { first_name: 'สมหญิง' } },
    ],
    [
      'formula-hyperlink.xlsx',
      withCell('last_name', formula('HYPERLINK("http://127.0.0.1:9/","ใจดี")', 'มั่นคง')),
      { status: 'accepted', first: { last_name: 'มั่นคง' } },
    ],
    [
      'formula-external-ref.xlsx',
      withCell('last_name', formula("'[1]Sheet1'!A1", 'มีสุข')),
      { status: 'accepted', first: { last_name: 'มีสุข' } },
    ],
    ['formula-circular.xlsx', withCell('room', formula('H2+1', 0)), { status: 'accepted' }],
    ['formula-rand-cached.xlsx', withCell('room', formula('RAND()', 0.5))],
  ];
  const externalLink = {
    workbookTail:
      '<externalReferences><externalReference r:id="rId90"/></externalReferences><definedNames><definedName name="ext">[1]Sheet1!$A$1</definedName></definedNames>',
    workbookRels: [['externalLink', 'externalLinks/externalLink1.xml']] as const,
    extra: [
      {
        name: 'xl/externalLinks/externalLink1.xml',
        data: new TextEncoder().encode(
          '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>',
        ),
      },
      {
        name: 'xl/externalLinks/_rels/externalLink1.xml.rels',
        data: new TextEncoder().encode(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/secret/other.xlsx" TargetMode="External"/></Relationships>',
        ),
      },
    ],
  };
  return [
    ...cases.map(([name, rows, expect]) => ({
      name,
      kind: 'formula',
      bytes: () => writeHandTemplate({ rows }),
      ...(expect ? { expect } : {}),
    })),
    {
      name: 'external-link.xlsx',
      kind: 'external link',
      bytes: () =>
        writeHandTemplate({
          rows: withCell('last_name', formula('[1]Sheet1!$A$1', 'มีสุข')),
          book: externalLink,
        }),
      expect: { status: 'accepted' as const },
    },
    {
      name: 'external-link-good-rows.xlsx',
      kind: 'external link',
      bytes: () => writeHandTemplate({ rows: [pupilCells(1), pupilCells(2)], book: externalLink }),
      expect: { status: 'accepted' as const },
    },
  ];
}

/** Macro-enabled workbooks: the project is carried along and never run. */
function macroCases(): CorpusCase[] {
  const vba = { name: 'xl/vbaProject.bin', data: randomBytes(6000, 23) };
  const macro = (name: string, rows: Array<Record<string, CellXml>>, status?: 'accepted'): CorpusCase => ({
    name,
    kind: 'macros',
    bytes: () =>
      writeHandTemplate({
        rows,
        book: {
          workbookContentType: MACRO_TYPE,
          workbookRels: [
            ['http://schemas.microsoft.com/office/2006/relationships/vbaProject', 'vbaProject.bin'],
          ],
          extra: [vba],
        },
      }),
    ...(status ? { expect: { status } } : {}),
  });
  return [
    macro('macros.xlsm', [pupilCells(1), pupilCells(2)], 'accepted'),
    macro('macros-named-xlsx.xlsx', [pupilCells(1), pupilCells(2)], 'accepted'),
    macro('macros-auto-open.xlsm', withCell('first_name', formula('Auto_Open()', 'สมชาย')), 'accepted'),
  ];
}

/** Names carrying control characters, right-to-left and zero-width marks, and markup. */
function nameCases(): CorpusCase[] {
  const names: Array<[string, string]> = [
    ['rtl-override', '\u202eสมชาย'],
    ['rtl-mark', 'สม\u200fชาย'],
    ['ltr-embedding', '\u202aสมชาย\u202c'],
    ['zero-width', 'สม\u200bชาย\u200d'],
    ['bell-char', 'สม\u0007ชาย'],
    ['escape-char', 'สม\u001b[31mชาย'],
    ['html-markup', '<script>alert(1)</script>'],
    ['formula-text', '=cmd|"/C calc"!A0'],
    ['only-marks', '\u200f\u200e\u202e'],
    ['bom-inside', '\ufeffสมชาย'],
  ];
  const inCells: CorpusCase[] = names.map(([label, value]) => ({
    name: `name-${label}.xlsx`,
    kind: 'names',
    bytes: () => writeHandTemplate({ rows: withCell('first_name', text(value)) }),
  }));
  const inSheetNames: CorpusCase[] = [
    ['sheet-name-rtl', '\u202eนักเรียน'],
    ['sheet-name-markup', '<b>นักเรียน</b>'],
  ].map(([label, sheet]) => ({
    name: `${label}.xlsx`,
    kind: 'names',
    bytes: () => writeHandTemplate({ rows: [pupilCells(1)], rosterName: sheet }),
  }));
  const inFileNames: CorpusCase[] = [
    ['\u202exslx.exe', 'rtl file name'],
    ['ไฟล์\u0001ควบคุม.xlsx', 'control char in file name'],
    ['..\\..\\evil.xlsx', 'path in file name'],
  ].map(([name]) => ({
    name: name!,
    kind: 'names',
    bytes: () => writeHandTemplate({ rows: [pupilCells(1)] }),
  }));
  return [...inCells, ...inSheetNames, ...inFileNames];
}

/** Merged title and header cells, hidden sheets and rows. */
function layoutCases(): CorpusCase[] {
  const columns = SIS_STUDENTS.roster.columns.length;
  const last = String.fromCharCode(64 + columns);
  const merged = (ref: string, titleRows: number) =>
    writeHandTemplate({
      rows: [pupilCells(1), pupilCells(2)],
      titleRows,
      titleXml: titleRows > 0 ? rowXml(1, ['รายชื่อนักเรียน']) : '',
      rosterTail: `<mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`,
    });
  return [
    {
      name: 'merged-title-over-header.xlsx',
      kind: 'merged cells',
      bytes: () => merged(`A1:${last}1`, 1),
      expect: { status: 'accepted' },
    },
    { name: 'merged-header-cells.xlsx', kind: 'merged cells', bytes: () => merged('A1:C1', 0) },
    { name: 'merged-header-and-data.xlsx', kind: 'merged cells', bytes: () => merged('A1:A3', 0) },
    { name: 'merged-whole-sheet.xlsx', kind: 'merged cells', bytes: () => merged('A1:XFD1048576', 0) },
    {
      name: 'hidden-roster-sheet.xlsx',
      kind: 'hidden',
      bytes: () => writeHandTemplate({ rows: [pupilCells(1)], rosterState: 'hidden' }),
    },
    {
      name: 'very-hidden-info-sheet.xlsx',
      kind: 'hidden',
      bytes: () => writeHandTemplate({ rows: [pupilCells(1)], infoState: 'veryHidden' }),
    },
    {
      name: 'hidden-rows.xlsx',
      kind: 'hidden',
      bytes: () =>
        writeHandTemplate({
          rows: [pupilCells(1), pupilCells(2), pupilCells(3)],
          rowAttributes: (i) => (i === 1 ? ' hidden="1"' : ''),
        }),
      expect: { status: 'accepted' },
    },
    {
      name: 'decoy-hidden-sheet.xlsx',
      kind: 'hidden',
      bytes: () =>
        writeHandTemplate({
          rows: [pupilCells(1)],
          extraSheets: [{ name: 'ซ่อน', rowsXml: rowXml(1, ['เลขประจำตัวประชาชน', 'ชื่อ']), state: 'hidden' }],
        }),
    },
  ];
}

/** Excel's error values in each kind of column. */
function errorValueCases(): CorpusCase[] {
  const codes = ['#REF!', '#N/A', '#DIV/0!', '#VALUE!', '#NAME?', '#NULL!', '#NUM!'];
  const keys = ['national_id', 'birth_date', 'grade', 'first_name', 'last_name'];
  return codes.flatMap((code, i) => {
    const key = keys[i % keys.length]!;
    // A name that is an error value is reported, not counted as a child's name.
    const expect = key.endsWith('_name') ? { expect: { code: 'cell/excel-error' } } : {};
    return [
      {
        name: `error-${code.replace(/[^A-Z0-9]/gu, '')}-${key}.xlsx`,
        kind: 'error values',
        bytes: () => writeHandTemplate({ rows: withCell(key, error(code)) }),
        ...expect,
      },
      {
        name: `error-formula-${code.replace(/[^A-Z0-9]/gu, '')}-${key}.xlsx`,
        kind: 'error values',
        bytes: () =>
          writeHandTemplate({
            rows: withCell(key, (ref) => `<c r="${ref}" t="e"><f>1/0</f><v>${code}</v></c>`),
          }),
        ...expect,
      },
    ];
  });
}

/** Dates as text, numbers as text, text as numbers. */
function typeCases(): CorpusCase[] {
  const cases: Array<[string, string, CellXml]> = [
    ['date-text-iso', 'birth_date', text('2013-03-05')],
    ['date-text-thai-month', 'birth_date', text('5 มี.ค. 2556')],
    ['date-text-serial', 'birth_date', text('41338')],
    ['date-text-ce-year', 'birth_date', text('05/03/2013')],
    ['date-text-garbage', 'birth_date', text('ไม่ทราบ')],
    ['date-number-serial', 'birth_date', num(41338)],
    ['date-number-year-only', 'birth_date', num(2556)],
    ['date-number-negative', 'birth_date', num(-5)],
    ['date-number-huge', 'birth_date', num(1e300)],
    ['id-as-number', 'national_id', num(1103702410013)],
    ['id-as-scientific-text', 'national_id', text('1.10370E+12')],
    ['id-with-spaces', 'national_id', text('1 1037 02410 01 3')],
    ['grade-as-number', 'grade', num(1)],
    ['room-as-number', 'room', num(3)],
    ['name-as-number', 'first_name', num(12345)],
    ['sex-as-number', 'sex', num(1)],
    ['number-nan-text', 'room', text('NaN')],
    ['boolean-name', 'first_name', (ref) => `<c r="${ref}" t="b"><v>1</v></c>`],
    ['date-cell-typed', 'birth_date', (ref) => `<c r="${ref}" t="d"><v>2013-03-05T00:00:00Z</v></c>`],
  ];
  return cases.map(([label, key, cell]) => ({
    name: `${label}.xlsx`,
    kind: 'types',
    bytes: () => writeHandTemplate({ rows: withCell(key, cell) }),
  }));
}

/** Every content-level case. */
export function contentCases(): CorpusCase[] {
  return [
    ...sizeCases(),
    ...formulaCases(),
    ...macroCases(),
    ...nameCases(),
    ...layoutCases(),
    ...errorValueCases(),
    ...typeCases(),
  ];
}
