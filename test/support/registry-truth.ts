import { readFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { Reference } from '../../pipeline/reference/reference.ts';

/** The generated registry as a test reads it with SheetJS, without the pipeline's parser. */
export interface RegistryTruth {
  readonly laos: Map<string, { type: string; province: string; district: string }>;
  readonly institutions: Map<string, { kind: 'school' | 'cdc'; lao: string; open: boolean }>;
  /** Other-affiliation schools known per LAO. */
  readonly otherSchools: Map<string, number>;
}

function sheetRows(book: XLSX.WorkBook, name: string, firstHeader: string): Array<Record<string, string>> {
  const sheet = book.Sheets[name];
  if (!sheet) throw new Error(`registry sheet ${name} missing`);
  const grid = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: false, defval: '' });
  const at = grid.findIndex((row) => row.some((c) => String(c).trim() === firstHeader));
  const header = (grid[at] ?? []).map((c) => String(c).trim());
  return grid
    .slice(at + 1)
    .filter((row) => row.some((c) => String(c).trim() !== ''))
    .map((row) => Object.fromEntries(header.map((h, i) => [h, String(row[i] ?? '').trim()])));
}

export async function readRegistryTruth(file: string, reference: Reference): Promise<RegistryTruth> {
  const book = XLSX.read(await readFile(file), { type: 'buffer' });
  const typeOf = (text: string) =>
    reference.laoTypes.find((t) => [t.code, t.abbr_th, t.name_th, t.name_en].includes(text))?.code ?? text;
  const laos = new Map(
    sheetRows(book, 'อปท', 'รหัส อปท.').map((r) => [
      r['รหัส อปท.']!,
      { type: typeOf(r['ประเภท อปท.']!), province: r['รหัสจังหวัด']!, district: r['อำเภอ']! },
    ]),
  );
  const institutions = new Map(
    sheetRows(book, 'สถานศึกษา', 'รหัสสถานศึกษา').map((r) => [
      r['รหัสสถานศึกษา']!,
      {
        kind: /cdc|ศูนย์|ศพด/iu.test(r['ประเภท']!) ? ('cdc' as const) : ('school' as const),
        lao: r['รหัส อปท.']!,
        open: !/closed|ปิด/iu.test(r['สถานะ'] ?? ''),
      },
    ]),
  );
  const otherSchools = new Map<string, number>();
  for (const r of sheetRows(book, 'โรงเรียนสังกัดอื่น', 'รหัสโรงเรียน'))
    otherSchools.set(r['รหัส อปท.']!, (otherSchools.get(r['รหัส อปท.']!) ?? 0) + 1);
  return { laos, institutions, otherSchools };
}
