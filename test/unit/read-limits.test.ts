import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, readLimits } from '../../pipeline/config.ts';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { parseEachWithinTime, parseWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
import type { Issue } from '../../pipeline/issues/issue.ts';
import { readWorkbook } from '../../pipeline/read/read-workbook.ts';
import type { ReadLimits } from '../../pipeline/read/workbook.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { csvText, encodeText, writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { handXlsx, handXlsxEntries, rowXml, sharedStringsXml } from '../helpers/xlsx-parts.ts';
import { zipBytes } from '../helpers/zip-bytes.ts';
import { validId } from '../support/fixtures.ts';

const MB = 1024 * 1024;
const INFO = { institution_code: '3042000001', academic_year: 2562, term: 2 };

/** Limits as the parse worker takes them: from the environment, through the config schema. */
function limitsFrom(env: Record<string, string>): ReadLimits {
  return readLimits(parseConfig(env, SHIPPED_REFERENCE_DIR));
}

/** The one issue of a refused read, or null when the file was read. */
function readIssue(bytes: Uint8Array, name: string, env: Record<string, string>): Issue | null {
  const result = readWorkbook(bytes, name, limitsFrom(env));
  return result.ok ? null : result.issue;
}

/** A sheet of `rows` rows × `columns` number cells, written as literal XML. */
function numberSheet(rows: number, columns: number): Uint8Array {
  const xml = Array.from({ length: rows }, (_, r) =>
    rowXml(
      r + 1,
      Array.from({ length: columns }, (_, c) => r * columns + c),
    ),
  ).join('');
  return handXlsx({ sheets: [{ name: 'ข้อมูล', rowsXml: xml }] });
}

function pupil(n: number): RecordRow {
  return {
    national_id: validId(`11037024${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `ทดสอบ${n}`,
    last_name: 'ใจดี',
    sex: 'ชาย',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

describe('each limit on what is read comes from configuration and is reported by its name and value', () => {
  let reference: Reference;
  beforeAll(async () => {
    reference = await loadReference(SHIPPED_REFERENCE_DIR);
  });

  it('when a file is one byte over SIS_MAX_UPLOAD_MB then it is too large; at the limit it is read', () => {
    const bytes = numberSheet(3, 3);
    const atLimit = String(bytes.byteLength / MB);
    const under = String((bytes.byteLength - 1) / MB);
    expect(readIssue(bytes, 'a.xlsx', { SIS_MAX_UPLOAD_MB: atLimit })).toBeNull();
    const issue = readIssue(bytes, 'a.xlsx', { SIS_MAX_UPLOAD_MB: under });
    expect(issue?.code).toBe('file/too-large');
    expect(issue?.message).toContain(`SIS_MAX_UPLOAD_MB = ${Math.round(Number(under) * 1000) / 1000}`);
    expect(issue?.message).toContain(`${bytes.byteLength} ไบต์`);
  });

  it('when a roster has one row more than SIS_MAX_ROWS then it is refused naming the limit and sheet; at the limit it is accepted', () => {
    const ctx: ParseContext = { reference, limits: limitsFrom({ SIS_MAX_ROWS: '4' }) };
    const file = (n: number) =>
      writeTemplateFile(SIS_STUDENTS, { info: INFO, rows: Array.from({ length: n }, (_, i) => pupil(i)) });
    const atLimit = parseSubmission(file(4), 'school.xlsx', ctx);
    expect(atLimit.status).toBe('accepted');
    expect(atLimit.rowsAccepted).toBe(4);
    const over = parseSubmission(file(5), 'school.xlsx', ctx);
    expect(over.status).toBe('rejected');
    expect(over.issues).toEqual([
      expect.objectContaining({
        code: 'file/too-many-rows',
        sheet: SIS_STUDENTS.roster.sheet,
        message: expect.stringContaining('SIS_MAX_ROWS = 4, พบ 5'),
      }),
    ]);
  });

  it('when a sheet without a dimension holds values far past SIS_MAX_ROWS then it is refused before it is read, naming the sheet', () => {
    const xml = Array.from({ length: 60 }, (_, r) => rowXml(r + 1, [r])).join('');
    const bytes = handXlsx({ sheets: [{ name: 'ยาว', rowsXml: xml }] });
    // The reader allows 20 rows above the header and the header itself: 39 data rows → 60 rows.
    expect(readIssue(bytes, 'long.xlsx', { SIS_MAX_ROWS: '39' })).toBeNull();
    expect(readIssue(bytes, 'long.xlsx', { SIS_MAX_ROWS: '38' })).toMatchObject({
      code: 'file/too-many-rows',
      sheet: 'ยาว',
      message: expect.stringContaining('SIS_MAX_ROWS = 38, พบ 60 แถว'),
    });
  });

  it('when a row reaches one column past SIS_MAX_COLUMNS then the sheet and last cell are named; at the limit it is read', () => {
    const env = { SIS_MAX_COLUMNS: '12' };
    expect(readIssue(numberSheet(2, 12), 'w.xlsx', env)).toBeNull();
    expect(readIssue(numberSheet(2, 13), 'w.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      sheet: 'ข้อมูล',
      cell: 'M1',
      message: expect.stringContaining('SIS_MAX_COLUMNS = 12, พบ 13'),
    });
    // The used range Excel writes is trusted to refuse before reading, not to accept: the cells still count.
    const declared = (ref: string) =>
      handXlsx({ sheets: [{ name: 'ข้อมูล', head: `<dimension ref="${ref}"/>`, rowsXml: rowXml(1, [1, 2]) }] });
    expect(readIssue(declared('A1:L2'), 'd.xlsx', env)).toBeNull();
    expect(readIssue(declared('A1:M2'), 'd.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      sheet: 'ข้อมูล',
      cell: 'M2',
      message: expect.stringContaining('SIS_MAX_COLUMNS = 12, พบ 13'),
    });
    // A relationship id is the file's own text; one that would break a pattern still names the sheet.
    const oddId = zipBytes(
      handXlsxEntries({
        sheets: [{ name: 'ข้อมูล', head: '<dimension ref="A1:M2"/>', rowsXml: rowXml(1, [1, 2]) }],
      }).map((e) =>
        /workbook\.xml/u.test(e.name)
          ? {
              ...e,
              data: new TextEncoder().encode(new TextDecoder().decode(e.data!).replace('rId1', 'rId(1[')),
            }
          : e,
      ),
    );
    expect(readIssue(oddId, 'odd.xlsx', env)).toMatchObject({ sheet: 'ข้อมูล', cell: 'M2' });
    const csv = (n: number) => encodeText(csvText([Array.from({ length: n }, (_, i) => `h${i}`)]), 'utf-8');
    expect(readIssue(csv(12), 'wide.csv', env)).toBeNull();
    expect(readIssue(csv(13), 'wide.csv', env)).toMatchObject({
      code: 'file/over-limit',
      sheet: 'wide',
      cell: 'M1',
    });
  });

  it('when a file holds one value cell more than SIS_MAX_CELLS then it is refused; at the limit it is read', () => {
    // 6 rows × 4 = 24 cells; the worksheet XML is long enough for the count before reading to run.
    const env = { SIS_MAX_CELLS: '24' };
    expect(readIssue(numberSheet(6, 4), 'c.xlsx', env)).toBeNull();
    const over = readIssue(numberSheet(5, 5), 'c.xlsx', env);
    expect(over).toMatchObject({
      code: 'file/over-limit',
      message: expect.stringContaining('SIS_MAX_CELLS = 24, พบ 25'),
    });
    const csv = (rows: number) =>
      encodeText(
        csvText(Array.from({ length: rows }, (_, r) => [`a${r}`, `b${r}`, `c${r}`, `d${r}`])),
        'utf-8',
      );
    expect(readIssue(csv(6), 'c.csv', env)).toBeNull();
    expect(readIssue(csv(7), 'c.csv', env)).toMatchObject({
      code: 'file/over-limit',
      sheet: 'c',
      message: expect.stringContaining('SIS_MAX_CELLS = 24'),
    });
  });

  it('when the shared-string table has more entries than SIS_MAX_CELLS then it is refused before it is read', () => {
    const book = (n: number) =>
      handXlsx({
        sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }],
        sharedStringsXml: sharedStringsXml(Array.from({ length: n }, (_, i) => `ข้อความ ${i}`)),
      });
    const env = { SIS_MAX_CELLS: '30' };
    expect(readIssue(book(30), 's.xlsx', env)).toBeNull();
    expect(readIssue(book(31), 's.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      message: expect.stringContaining('SIS_MAX_CELLS = 30, พบ 31 (sharedStrings.xml)'),
    });
  });

  it('when a text cell is one character over SIS_MAX_CELL_CHARS then its sheet and cell are named; at the limit it is read', () => {
    const env = { SIS_MAX_CELL_CHARS: '10' };
    const xlsx = (text: string) =>
      handXlsx({ sheets: [{ name: 'S', rowsXml: rowXml(1, ['หัว']) + rowXml(2, [1, text]) }] });
    expect(readIssue(xlsx('ก'.repeat(10)), 't.xlsx', env)).toBeNull();
    expect(readIssue(xlsx('ก'.repeat(11)), 't.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      sheet: 'S',
      cell: 'B2',
      message: expect.stringContaining('SIS_MAX_CELL_CHARS = 10, พบ 11'),
    });
    const csv = (text: string) =>
      encodeText(
        csvText([
          ['หัว', 'ชื่อ'],
          ['1', text],
        ]),
        'utf-8',
      );
    expect(readIssue(csv('x'.repeat(10)), 't.csv', env)).toBeNull();
    expect(readIssue(csv('x'.repeat(11)), 't.csv', env)).toMatchObject({
      code: 'file/over-limit',
      cell: 'B2',
    });
  });

  it('when the declared sizes add up to one byte over SIS_MAX_INFLATED_MB then it is refused; at the limit it is read', () => {
    const entries = handXlsxEntries({ sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }] });
    const partsSize = entries.reduce((sum, e) => sum + (e.data?.byteLength ?? 0), 0);
    const withPadding = (total: number) =>
      zipBytes([...entries, { name: 'xl/media/pad.bin', data: new Uint8Array(total - partsSize).fill(65) }]);
    const env = { SIS_MAX_INFLATED_MB: '0.25' };
    expect(readIssue(withPadding(0.25 * MB), 'i.xlsx', env)).toBeNull();
    expect(readIssue(withPadding(0.25 * MB + 1), 'i.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      message: expect.stringContaining('SIS_MAX_INFLATED_MB = 0.25 MB'),
    });
  });

  it('when a container has one entry more than SIS_MAX_ZIP_ENTRIES then it is refused; at the limit it is read', () => {
    const entries = handXlsxEntries({ sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }] });
    const env = { SIS_MAX_ZIP_ENTRIES: String(entries.length + 1) };
    const extra = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `xl/media/p${i}.txt`, data: new Uint8Array([i]) }));
    expect(readIssue(zipBytes([...entries, ...extra(1)]), 'e.xlsx', env)).toBeNull();
    expect(readIssue(zipBytes([...entries, ...extra(2)]), 'e.xlsx', env)).toMatchObject({
      code: 'file/over-limit',
      message: expect.stringContaining(
        `SIS_MAX_ZIP_ENTRIES = ${entries.length + 1}, พบ ${entries.length + 2}`,
      ),
    });
  });

  it('when an entry over 1 MB inflates just past SIS_MAX_ZIP_RATIO then it is refused; just under it is read', () => {
    const padding = new Uint8Array(2 * MB).fill(32);
    const ratio = padding.byteLength / deflateRawSync(padding).byteLength;
    const bytes = zipBytes([
      ...handXlsxEntries({ sheets: [{ name: 'S', rowsXml: rowXml(1, [1]) }] }),
      { name: 'xl/media/pad.bin', data: padding },
    ]);
    expect(readIssue(bytes, 'r.xlsx', { SIS_MAX_ZIP_RATIO: String(ratio + 0.5) })).toBeNull();
    const limit = String(Math.floor(ratio - 0.5));
    expect(readIssue(bytes, 'r.xlsx', { SIS_MAX_ZIP_RATIO: limit })).toMatchObject({
      code: 'file/over-limit',
      message: expect.stringContaining(`SIS_MAX_ZIP_RATIO = ${limit}, พบ ${Math.round(ratio)}`),
    });
  });

  it('when a parse runs past SIS_PARSE_TIMEOUT_MS then it is stopped and reported, and a small file within it is read next', () => {
    const small = writeTemplateFile(SIS_STUDENTS, { info: INFO, rows: [pupil(1)] });
    const big = encodeText(
      csvText([
        ['เลขประจำตัวประชาชน', 'ชื่อ'],
        ...Array.from({ length: 200_000 }, (_, i) => [String(1e12 + i), `ชื่อ ${i}`]),
      ]),
      'utf-8',
    );
    const noLimit: ParseContext = { reference, limits: readLimits(parseConfig({}, SHIPPED_REFERENCE_DIR)) };
    parseSubmission(small, 'warm.xlsx', noLimit); // the first parse compiles the code: not what is measured
    // The limit is a quarter of the big file's own time on this machine, so it is stopped however fast the machine is.
    const alone = Math.min(...[0, 1].map(() => timed(() => parseSubmission(big, 'big.csv', noLimit))));
    const limitMs = Math.max(10, Math.floor(alone / 4));
    const config = parseConfig({ SIS_PARSE_TIMEOUT_MS: String(limitMs) }, SHIPPED_REFERENCE_DIR);
    const ctx: ParseContext = { reference, limits: readLimits(config) };
    const stopped = parseWithinTime(big, 'big.csv', ctx, config.parseTimeoutMs);
    expect(stopped.status).toBe('rejected');
    expect(stopped.issues).toEqual([
      expect.objectContaining({
        code: 'file/over-limit',
        message: expect.stringContaining(`SIS_PARSE_TIMEOUT_MS = ${limitMs}`),
      }),
    ]);
    // A file parsed well within the limit, right after one that was stopped, is read in full.
    const next = parseWithinTime(small, 'school.xlsx', ctx, config.parseTimeoutMs);
    expect(next.status).toBe('accepted');
    expect(next.rowsAccepted).toBe(1);
  });

  it('when files parsed in turn take longer together than SIS_PARSE_TIMEOUT_MS but each alone far less then none is stopped, and a slow one among them is stopped alone', () => {
    const roster = (rows: number, from: number) =>
      writeTemplateFile(SIS_STUDENTS, {
        info: INFO,
        rows: Array.from({ length: rows }, (_, i) => ({
          ...pupil(0),
          national_id: validId(`2103${String(from + i).padStart(8, '0')}`),
        })),
      });
    const noLimit = parseConfig({}, SHIPPED_REFERENCE_DIR);
    const ctx: ParseContext = { reference, limits: readLimits(noLimit) };
    const medium = roster(400, 0);
    parseSubmission(medium, 'warm.xlsx', ctx); // the first parse compiles the code: not what is measured
    const times = [0, 1, 2].map(() => {
      const started = performance.now();
      parseSubmission(medium, 'm.xlsx', ctx);
      return performance.now() - started;
    });
    const one = times.sort((a, b) => a - b)[1]!;
    // Each medium file takes a sixth of the limit; eighteen of them take three times the limit.
    const timeoutMs = Math.max(30, Math.ceil(6 * one));
    const slow = roster(60 * 400, 100_000);
    const files = [
      ...Array.from({ length: 18 }, (_, i) => ({ bytes: medium, fileName: `m${i}.xlsx` })),
      { bytes: slow, fileName: 'slow.xlsx' },
      { bytes: medium, fileName: 'after.xlsx' },
    ];
    const outcomes = parseEachWithinTime(files, ctx, timeoutMs);

    expect(outcomes).toHaveLength(files.length);
    const statuses = outcomes.map((o) => ('parsed' in o ? o.parsed.status : 'threw'));
    expect(statuses).toEqual([...Array<string>(18).fill('accepted'), 'rejected', 'accepted']);
    const stopped = outcomes[18]!;
    expect('parsed' in stopped && stopped.parsed.issues.map((i) => i.message)).toEqual([
      expect.stringContaining(`SIS_PARSE_TIMEOUT_MS = ${timeoutMs}`),
    ]);
    const last = outcomes[19]!;
    expect('parsed' in last && last.parsed.rowsAccepted).toBe(400);
  });
});

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
