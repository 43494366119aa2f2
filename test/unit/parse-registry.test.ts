import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { parseRegistry } from '../../pipeline/registry/parse-registry.ts';
import { csvText, encodeText, writeWorkbook, type Rows } from '../helpers/workbook.ts';

const LIMITS = { maxBytes: 10_000_000, maxRows: 100_000, zip: DEFAULT_ZIP_LIMITS };
const LAO_HEADER = ['รหัส อปท.', 'ชื่อ อปท.', 'ประเภท อปท.', 'รหัสจังหวัด', 'อำเภอ'];
const INST_HEADER = ['รหัสสถานศึกษา', 'ชื่อสถานศึกษา', 'ประเภท', 'รหัส อปท.', 'สถานะ'];
const OTHER_HEADER = ['รหัสโรงเรียน', 'ชื่อโรงเรียน', 'สังกัด', 'รหัส อปท.'];

function registry(laos: Rows, institutions: Rows, others: Rows = []): Uint8Array {
  return writeWorkbook([
    { name: 'อปท', rows: [LAO_HEADER, ...laos] },
    { name: 'สถานศึกษา', rows: [INST_HEADER, ...institutions] },
    { name: 'โรงเรียนสังกัดอื่น', rows: [OTHER_HEADER, ...others] },
  ]);
}

describe('parseRegistry', () => {
  let reference: Reference;
  beforeAll(async () => {
    reference = await loadReference(SHIPPED_REFERENCE_DIR);
  });

  it('when the registry is clean then every row becomes a record with normalised codes and types', () => {
    const bytes = registry(
      [
        ['4200101', 'อบต.นาอ้อ', 'อบต.', '42', 'เมืองเลย'],
        ['๔๒๐๐๑๐๒', 'ทต.นาด้วง', 'เทศบาลตำบล', 42, 'นาด้วง'],
      ],
      [
        ['3042000001', 'รร.บ้านนาอ้อ', 'โรงเรียน', '4200101', 'เปิด'],
        ['7042000001', 'ศพด.นาด้วง', 'cdc', '4200102', ''],
      ],
      [['1042000001', 'รร.บ้านหนองผือ', 'สพฐ.', '4200101']],
    );
    const parsed = parseRegistry([{ fileName: 'registry.xlsx', bytes }], reference, LIMITS);
    expect(parsed.clean).toBe(true);
    expect(parsed.records.laos.map((l) => [l.lao_code, l.lao_type, l.province_code])).toEqual([
      ['4200101', 'sao', '42'],
      ['4200102', 'subdistrict-municipality', '42'],
    ]);
    expect(parsed.records.institutions.map((i) => [i.institution_code, i.kind, i.status])).toEqual([
      ['3042000001', 'school', 'open'],
      ['7042000001', 'cdc', 'open'],
    ]);
    expect(parsed.records.otherSchools).toHaveLength(1);
  });

  it('when rows break the rules then each is reported at its cell and left out', () => {
    const bytes = registry(
      [
        ['4200101', 'อบต.นาอ้อ', 'อบต.', '42', 'เมืองเลย'],
        ['4200101', 'อบต.ซ้ำ', 'อบต.', '42', 'เมืองเลย'],
        ['9900101', 'อบต.ไกล', 'อบต.', '99', 'ไม่มี'],
        ['4200103', 'อบต.แปลก', 'สุขาภิบาล', '42', 'เมืองเลย'],
        ['2000001', 'กทม.', 'กทม.', '20', 'เมืองชลบุรี'],
      ],
      [['3042000001', 'รร.ลอย', 'school', '4299999', 'open']],
    );
    const parsed = parseRegistry([{ fileName: 'registry.xlsx', bytes }], reference, LIMITS);
    expect(parsed.clean).toBe(false);
    const at = (
      code: Parameters<typeof makeIssue>[0],
      sheet: string,
      cell: string,
      row: number,
      column: string,
      field: string,
      value: unknown,
    ) => makeIssue(code, { sheet, cell, row, column, field, value });
    expect(parsed.files[0]?.issues).toEqual([
      at('registry/duplicate-code', 'อปท', 'A3', 3, 'รหัส อปท.', 'lao_code', '4200101'),
      at('registry/province-unknown', 'อปท', 'D4', 4, 'รหัสจังหวัด', 'province_code', '99'),
      at('registry/lao-type-unknown', 'อปท', 'C5', 5, 'ประเภท อปท.', 'lao_type', 'สุขาภิบาล'),
      at('registry/lao-type-place', 'อปท', 'C6', 6, 'ประเภท อปท.', 'lao_type', 'กทม.'),
      at('registry/lao-unknown', 'สถานศึกษา', 'D2', 2, 'รหัส อปท.', 'lao_code', '4299999'),
    ]);
    expect(parsed.records.laos.map((l) => l.lao_code)).toEqual(['4200101']);
    expect(parsed.records.institutions).toEqual([]);
  });

  it('when the registry comes as one CSV per sheet in Windows-874 then the sheets are found by their headers', () => {
    const laos = encodeText(
      csvText([LAO_HEADER, ['8100101', 'อบต.อ่าวนาง', 'อบต.', '81', 'เมืองกระบี่']]),
      'windows-874',
    );
    const insts = encodeText(
      csvText([INST_HEADER, ['7081000001', 'ศพด.อ่าวนาง', 'ศพด.', '8100101', 'open']]),
      'utf-8-bom',
    );
    const parsed = parseRegistry(
      [
        { fileName: 'สถานศึกษา.csv', bytes: insts },
        { fileName: 'laos.csv', bytes: laos },
      ],
      reference,
      LIMITS,
    );
    expect(parsed.clean).toBe(true);
    expect(parsed.records.laos[0]?.lao_name).toBe('อบต.อ่าวนาง');
    expect(parsed.records.institutions[0]?.kind).toBe('cdc');
  });

  it('when the institution sheet is missing then the registry is not clean and says which table', () => {
    const bytes = writeWorkbook([
      { name: 'อปท', rows: [LAO_HEADER, ['4200101', 'อบต.นาอ้อ', 'อบต.', '42', 'เมืองเลย']] },
    ]);
    const parsed = parseRegistry([{ fileName: 'laos-only.xlsx', bytes }], reference, LIMITS);
    expect(parsed.clean).toBe(false);
    expect(parsed.files[0]?.issues.map((i) => [i.code, i.message])).toEqual([
      ['registry/table-missing', `${makeIssue('registry/table-missing').message}: สถานศึกษา`],
    ]);
  });
});
