/**
 * Hostile and broken containers for the bad-input corpus: cut and corrupted zips, zip bombs of
 * every kind, encrypted workbooks, other formats renamed to .xlsx, and CSV in the encodings and
 * line endings a clerk's machine produces. Each case is a name, its family and its bytes.
 */
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { validId } from '../support/fixtures.ts';
import { ole2Container } from './ole2.ts';
import { csvText, encodeText, encryptedWorkbookBytes, type Rows } from './workbook.ts';
import { pupilCells, writeHandTemplate } from './hand-template.ts';
import { handXlsxEntries, rowXml } from './xlsx-parts.ts';
import { deflatedZeros, zipBytes } from './zip-bytes.ts';

/** What a corpus file must come to, where the case says it for sure. */
export interface CorpusExpectation {
  readonly status?: 'accepted' | 'rejected';
  /** A code that must be among the file's issues. */
  readonly code?: string;
  /** Text that must be in that message (a limit's setting). */
  readonly mentions?: string;
  /** Values the first accepted pupil must carry (a formula's saved value, not its result). */
  readonly first?: Readonly<Record<string, string>>;
}

export interface CorpusCase {
  readonly name: string;
  readonly kind: string;
  readonly bytes: () => Uint8Array | Promise<Uint8Array>;
  readonly expect?: CorpusExpectation;
}

const MB = 1024 * 1024;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A good roster of a few pupils: the base that cut and corrupted copies come from. */
export function goodRoster(pupils = 5): Uint8Array {
  return writeHandTemplate({ rows: Array.from({ length: pupils }, (_, i) => pupilCells(i + 1)) });
}

/** Deterministic pseudo-random bytes (xorshift32), so the corpus is the same on every run. */
export function randomBytes(length: number, seed: number, alphabet?: Uint8Array): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = alphabet ? alphabet[x % alphabet.length]! : x & 0xff;
  }
  return out;
}

/** A good roster cut short at 40 points spread over its length, and at its first bytes. */
function truncated(): CorpusCase[] {
  const good = goodRoster();
  const points = new Set([1, 2, 3, 4, 10, 29, 30, 31, good.length - 1, good.length - 22, good.length - 23]);
  for (let i = 1; i <= 40; i++) points.add(Math.floor((good.length * i) / 41));
  return [...points].map((at) => ({
    name: `truncated-at-${at}.xlsx`,
    kind: 'truncated zip',
    bytes: () => good.subarray(0, at),
    expect: { status: 'rejected' },
  }));
}

/** A good roster with one byte inverted at 36 points: headers, compressed data, the directory. */
function corrupted(): CorpusCase[] {
  const good = goodRoster();
  const points = new Set([0, 4, 8, 18, 22, 26, 28, good.length - 22, good.length - 12, good.length - 6]);
  for (let i = 1; i <= 26; i++) points.add(Math.floor((good.length * i) / 27));
  return [...points].map((at) => ({
    name: `corrupt-byte-${at}.xlsx`,
    kind: 'corrupt zip',
    bytes: () => {
      const copy = new Uint8Array(good);
      copy[at] = copy[at]! ^ 0xff;
      return copy;
    },
  }));
}

/** Containers whose structure lies: offsets past the end, unknown methods, a directory of nothing. */
function brokenStructure(): CorpusCase[] {
  const good = goodRoster();
  const patch = (name: string, edit: (view: DataView, eocd: number) => void): CorpusCase => ({
    name,
    kind: 'corrupt zip',
    bytes: () => {
      const copy = new Uint8Array(good);
      edit(new DataView(copy.buffer), copy.length - 22);
      return copy;
    },
    expect: { status: 'rejected' },
  });
  const entries = handXlsxEntries({ sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }] });
  return [
    patch('directory-offset-past-end.xlsx', (v, e) => v.setUint32(e + 16, 0x7fffffff, true)),
    patch('directory-count-huge.xlsx', (v, e) => v.setUint16(e + 10, 0xffff, true)),
    patch('directory-count-zero.xlsx', (v, e) => {
      v.setUint16(e + 8, 0, true);
      v.setUint16(e + 10, 0, true);
    }),
    patch('directory-offset-zero.xlsx', (v, e) => v.setUint32(e + 16, 0, true)),
    {
      name: 'unknown-compression-method.xlsx',
      kind: 'corrupt zip',
      bytes: () => {
        const zip = zipBytes(entries);
        const view = new DataView(zip.buffer);
        view.setUint16(8, 99, true); // the first local header
        const eocd = zip.length - 22;
        view.setUint16(view.getUint32(eocd + 16, true) + 10, 99, true); // and its central record
        return zip;
      },
      expect: { status: 'rejected' },
    },
    {
      name: 'zip-without-workbook.xlsx',
      kind: 'corrupt zip',
      bytes: () => zipBytes([{ name: 'hello.txt', data: utf8('not a workbook') }]),
      expect: { status: 'rejected' },
    },
    {
      name: 'empty-zip.xlsx',
      kind: 'corrupt zip',
      bytes: () => zipBytes([]),
      expect: { status: 'rejected' },
    },
    {
      name: 'crc-wrong.xlsx',
      kind: 'corrupt zip',
      bytes: () => {
        const zip = zipBytes(entries);
        new DataView(zip.buffer).setUint32(14, 0xdeadbeef, true);
        return zip;
      },
    },
  ];
}

/** Zip bombs: by ratio, by declared size, by lying size, by entry count, ZIP64, and nested. */
function bombs(): CorpusCase[] {
  const sheet = 'xl/worksheets/sheet1.xml';
  const base = () => handXlsxEntries({ sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }] });
  const ratioBomb = (mb: number): CorpusCase => ({
    name: `bomb-ratio-${mb}mb.xlsx`,
    kind: 'zip bomb',
    bytes: async () =>
      zipBytes([...base(), { name: 'xl/media/zeros.bin', deflated: await deflatedZeros(mb * MB) }]),
    expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_ZIP_RATIO' },
  });
  const declared = (size: number): CorpusCase => ({
    name: `bomb-declared-${size}.xlsx`,
    kind: 'zip bomb',
    bytes: () => zipBytes([...base(), { name: 'xl/media/big.bin', data: utf8('x'), declaredSize: size }]),
    expect: { status: 'rejected', code: 'file/over-limit' },
  });
  // Entries under 1 MB escape the ratio check; their declared sizes still add up.
  const declaredTotal = (count: number): CorpusCase => ({
    name: `bomb-declared-total-${count}-entries.xlsx`,
    kind: 'zip bomb',
    bytes: () =>
      zipBytes([
        ...base(),
        ...Array.from({ length: count }, (_, i) => ({
          name: `xl/media/${i}.bin`,
          data: utf8('x'),
          declaredSize: 1_000_000,
        })),
      ]),
    expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_INFLATED_MB' },
  });
  const entries = (count: number): CorpusCase => ({
    name: `bomb-entries-${count}.xlsx`,
    kind: 'zip bomb',
    bytes: () =>
      zipBytes([
        ...base(),
        ...Array.from({ length: count }, (_, i) => ({
          name: `x/${i}`,
          data: new Uint8Array(0),
          stored: true,
        })),
      ]),
    expect: { status: 'rejected', code: 'file/over-limit', mentions: 'SIS_MAX_ZIP_ENTRIES' },
  });
  return [
    ...[2, 8, 32].map(ratioBomb),
    ...[129 * MB, 1024 * MB, 4_000_000_000].map(declared),
    ...[140, 600, 990].map(declaredTotal),
    ...[1001, 5000, 20_000].map(entries),
    {
      name: 'bomb-lying-size.xlsx',
      kind: 'zip bomb',
      bytes: async () =>
        zipBytes([...base(), { name: sheet, deflated: await deflatedZeros(16 * MB), declaredSize: 900 }]),
      expect: { status: 'rejected', code: 'file/unreadable' },
    },
    {
      name: 'bomb-zip64-marker.xlsx',
      kind: 'zip bomb',
      bytes: () =>
        zipBytes([...base(), { name: 'xl/media/z.bin', data: utf8('x'), declaredSize: 0xffffffff }]),
      expect: { status: 'rejected', code: 'file/over-limit' },
    },
    ...nestedBombs(),
  ];
}

/** A zip inside the workbook: never inflated by the reader, whatever it holds; and a sheet that is a zip. */
function nestedBombs(): CorpusCase[] {
  const innerBomb = async () => zipBytes([{ name: 'zeros.bin', deflated: await deflatedZeros(16 * MB) }]);
  const withEmbedded = async (stored: boolean) => {
    const inner = await innerBomb();
    const good = writeHandTemplate({
      rows: [pupilCells(1), pupilCells(2)],
      book: { extra: [{ name: 'xl/embeddings/inner.zip', data: inner, stored }] },
    });
    return good;
  };
  return [
    {
      name: 'nested-zip-stored.xlsx',
      kind: 'nested zip',
      bytes: () => withEmbedded(true),
      expect: { status: 'accepted' },
    },
    {
      name: 'nested-zip-deflated.xlsx',
      kind: 'nested zip',
      bytes: () => withEmbedded(false),
      expect: { status: 'accepted' },
    },
    {
      name: 'nested-zip-as-sheet.xlsx',
      kind: 'nested zip',
      bytes: async () => {
        const entries = handXlsxEntries({ sheets: [{ name: 'S', rowsXml: '' }] });
        const inner = await innerBomb();
        return zipBytes(
          entries.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data: inner } : e)),
        );
      },
      expect: { status: 'rejected' },
    },
    {
      name: 'nested-xlsx-in-xlsx.xlsx',
      kind: 'nested zip',
      bytes: () => zipBytes([{ name: 'inner.xlsx', data: goodRoster(), stored: true }]),
      expect: { status: 'rejected' },
    },
  ];
}

/** Password-protected workbooks (OLE2 with EncryptionInfo and EncryptedPackage) and broken OLE2. */
function encrypted(): CorpusCase[] {
  const shell = encryptedWorkbookBytes();
  const variants: CorpusCase[] = ['encrypted.xlsx', 'encrypted.xls', 'encrypted.xlsm', 'encrypted.csv'].map(
    (name) => ({
      name,
      kind: 'encrypted',
      bytes: () => shell,
      expect: { status: 'rejected', code: 'file/encrypted' },
    }),
  );
  return [
    ...variants,
    {
      name: 'encrypted-agile-big-package.xlsx',
      kind: 'encrypted',
      bytes: () =>
        ole2Container([
          [
            'EncryptionInfo',
            utf8(
              '\u0004\u0000\u0004\u0000<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>',
            ),
          ],
          ['EncryptedPackage', randomBytes(40_000, 7)],
        ]),
      expect: { status: 'rejected', code: 'file/encrypted' },
    },
    {
      name: 'ole2-truncated.xls',
      kind: 'encrypted',
      bytes: () => shell.subarray(0, 700),
      expect: { status: 'rejected' },
    },
    {
      name: 'ole2-without-workbook.xls',
      kind: 'encrypted',
      bytes: () => ole2Container([['Random', randomBytes(5000, 9)]]),
      expect: { status: 'rejected' },
    },
  ];
}

/** Other files named .xlsx: HTML, PDF, images, text, nothing at all. */
function renamed(): CorpusCase[] {
  const html = (body: string) =>
    utf8(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
  const pdf = utf8(
    '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  const cases: Array<[string, Uint8Array, CorpusExpectation?]> = [
    ['html-page.xlsx', html('<h1>ไม่ใช่ Excel</h1><script>alert(1)</script>'), { status: 'rejected' }],
    [
      'html-table-not-template.xlsx',
      html('<table><tr><td>a</td><td>b</td></tr></table>'),
      { status: 'rejected' },
    ],
    [
      'html-login-page.xls',
      html('<form action="/login"><input name="password"></form>'),
      { status: 'rejected' },
    ],
    ['pdf-renamed.xlsx', pdf, { status: 'rejected' }],
    [
      'pdf-binary.xlsx',
      new Uint8Array([...pdf.subarray(0, 15), ...randomBytes(3000, 3)]),
      { status: 'rejected', code: 'file/unreadable' },
    ],
    [
      'png-renamed.xlsx',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(500, 5)]),
      { status: 'rejected', code: 'file/unreadable' },
    ],
    [
      'exe-renamed.xlsx',
      new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, ...randomBytes(800, 11)]),
      { status: 'rejected', code: 'file/unreadable' },
    ],
    ['random-bytes.xlsx', randomBytes(4096, 13), { status: 'rejected', code: 'file/unreadable' }],
    ['empty.xlsx', new Uint8Array(0), { status: 'rejected', code: 'file/empty' }],
    ['one-byte.xlsx', new Uint8Array([0x50]), { status: 'rejected' }],
    [
      'zip-magic-only.xlsx',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
      { status: 'rejected', code: 'file/unreadable' },
    ],
    [
      'ole2-magic-only.xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      { status: 'rejected' },
    ],
    ['plain-text.xlsx', utf8('สวัสดีครับ นี่ไม่ใช่ตาราง'), { status: 'rejected' }],
    ['json.xlsx', utf8('{"students":[{"id":"1"}]}'), { status: 'rejected' }],
    ['xml-not-spreadsheet.xlsx', utf8('<?xml version="1.0"?><root><a>1</a></root>'), { status: 'rejected' }],
    [
      'svg-renamed.xlsx',
      utf8('<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'),
      { status: 'rejected' },
    ],
    ['rtf-renamed.xlsx', utf8('{\\rtf1\\ansi hello}'), { status: 'rejected' }],
    ['nul-bytes.csv', new Uint8Array(2000), { status: 'rejected', code: 'file/unreadable' }],
  ];
  return cases.map(([name, bytes, expect]) => ({
    name,
    kind: 'renamed',
    bytes: () => bytes,
    ...(expect ? { expect } : {}),
  }));
}

/** The roster as a CSV with its info columns, as a clerk exports it. */
function csvRows(pupils: number): Rows {
  const info = SIS_STUDENTS.info.fields.filter((f) =>
    ['institution_code', 'academic_year', 'term'].includes(f.key),
  );
  const header = [...SIS_STUDENTS.roster.columns.map((c) => c.th), ...info.map((f) => f.th)];
  const rows = Array.from({ length: pupils }, (_, i) => {
    const n = i + 1;
    return [
      validId(`11037024${String(1000 + n)}`),
      n % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
      `ทดสอบ${n}`,
      'ใจดี',
      n % 2 === 0 ? 'ชาย' : 'หญิง',
      '05/03/2556',
      'ป.1',
      '1',
      '',
      '',
      '',
      '3042000001',
      '2562',
      '2',
    ];
  });
  return [header, ...rows];
}

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') le.swap16();
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array([...(bom ? mark : []), ...le]);
}

/** CSV in each encoding, with each line ending and mixes of them, with and without a BOM. */
function csvEncodings(): CorpusCase[] {
  const text = csvText(csvRows(4));
  const lines = text.split('\r\n');
  const mixed = lines.map((l, i) => l + ['\r\n', '\n', '\r'][i % 3]).join('');
  const cases: Array<[string, Uint8Array, CorpusExpectation?]> = [
    ['csv-utf8.csv', encodeText(text, 'utf-8'), { status: 'accepted' }],
    ['csv-utf8-bom.csv', encodeText(text, 'utf-8-bom'), { status: 'accepted' }],
    ['csv-windows-874.csv', encodeText(text, 'windows-874'), { status: 'accepted' }],
    ['csv-utf16le-bom.csv', utf16(text, 'le', true), { status: 'accepted' }],
    ['csv-utf16be-bom.csv', utf16(text, 'be', true), { status: 'accepted' }],
    ['csv-utf16le-no-bom.csv', utf16(text, 'le', false), { status: 'rejected' }],
    ['csv-lf.csv', encodeText(text.replaceAll('\r\n', '\n'), 'utf-8'), { status: 'accepted' }],
    ['csv-cr-only.csv', encodeText(text.replaceAll('\r\n', '\r'), 'utf-8'), { status: 'accepted' }],
    ['csv-mixed-endings.csv', encodeText(mixed, 'utf-8'), { status: 'accepted' }],
    ['csv-mixed-endings-bom.csv', encodeText(mixed, 'utf-8-bom'), { status: 'accepted' }],
    ['csv-mixed-endings-874.csv', encodeText(mixed, 'windows-874'), { status: 'accepted' }],
    ['csv-mixed-endings-utf16.csv', utf16(mixed, 'le', true), { status: 'accepted' }],
    ['csv-double-bom.csv', encodeText(`\ufeff${text}`, 'utf-8-bom')],
    ['csv-semicolons.csv', encodeText(text.replaceAll(',', ';'), 'utf-8')],
    ['csv-tabs.tsv', encodeText(text.replaceAll(',', '\t'), 'utf-8')],
    ['csv-unbalanced-quote.csv', encodeText(text.replace('ใจดี', '"ใจดี'), 'utf-8')],
    ['csv-xlsx-name.xlsx', encodeText(text, 'utf-8')],
    ['csv-utf8-invalid-mix.csv', new Uint8Array([...encodeText(text, 'utf-8'), 0xa1, 0xa2, 0x0a])],
    ['csv-header-only.csv', encodeText(csvText(csvRows(0)), 'utf-8'), { status: 'rejected' }],
    ['csv-blank-lines.csv', encodeText('\r\n\r\n\r\n', 'utf-8'), { status: 'rejected' }],
  ];
  return cases.map(([name, bytes, expect]) => ({
    name,
    kind: 'csv encoding',
    bytes: () => bytes,
    ...(expect ? { expect } : {}),
  }));
}

/** Every container-level case. */
export function containerCases(): CorpusCase[] {
  return [
    ...truncated(),
    ...corrupted(),
    ...brokenStructure(),
    ...bombs(),
    ...encrypted(),
    ...renamed(),
    ...csvEncodings(),
  ];
}
