import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Completeness, CompletenessRow } from './completeness-types.ts';

/** Thai words for where an institution stands, as the office reads them. */
export const STATUS_TH = {
  accepted: 'รับข้อมูลแล้ว',
  partial: 'รับบางส่วน',
  rejected: 'ไฟล์ไม่ผ่าน',
  'not-submitted': 'ยังไม่ส่ง',
} as const;

export const KIND_TH: Record<string, string> = { school: 'โรงเรียน', cdc: 'ศพด.' };

/** The list's columns: Thai header (English in brackets) and the value of a row. */
const COLUMNS: ReadonlyArray<{ header: string; width: number; value: (r: CompletenessRow) => string }> = [
  { header: 'จังหวัด (province)', width: 10, value: (r) => r.provinceCode },
  { header: 'อำเภอ (district)', width: 18, value: (r) => r.district },
  { header: 'รหัส อปท. (LAO code)', width: 14, value: (r) => r.laoCode },
  { header: 'อปท. (LAO)', width: 28, value: (r) => r.laoName },
  { header: 'รหัสสถานศึกษา (institution code)', width: 16, value: (r) => r.institutionCode },
  { header: 'ชื่อสถานศึกษา (institution)', width: 34, value: (r) => r.institutionName },
  { header: 'ประเภท (kind)', width: 10, value: (r) => KIND_TH[r.kind] ?? r.kind },
  { header: 'สถานะ (status)', width: 14, value: (r) => STATUS_TH[r.status] },
];

/**
 * The institutions to chase: every expected one without a counted file in the round, those that
 * never sent one and those whose files were all rejected (their only file is not complete either).
 */
export function chaseRows(c: Completeness): CompletenessRow[] {
  return c.institutions.filter((r) => r.status === 'not-submitted' || r.status === 'rejected');
}

/** The chase list as CSV (UTF-8 with a byte-order mark, so Excel opens the Thai text right). */
export function chaseListCsv(c: Completeness): string {
  const rows = chaseRows(c).map((r) => COLUMNS.map((col) => col.value(r)));
  return `\uFEFF${Papa.unparse({ fields: COLUMNS.map((col) => col.header), data: rows }, { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

/** The chase list as a one-sheet .xlsx, codes kept as text. */
export async function chaseListXlsx(c: Completeness): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'sis-pipeline';
  const ws = book.addWorksheet('ยังไม่ส่ง');
  ws.columns = COLUMNS.map((col) => ({ header: col.header, width: col.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of chaseRows(c)) ws.addRow(COLUMNS.map((col) => col.value(r)));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The download's file name, without extension: `not-submitted-42-2562-2`. */
export function chaseListName(c: Completeness): string {
  return `not-submitted-${c.province ?? 'all'}-${c.round}`;
}
