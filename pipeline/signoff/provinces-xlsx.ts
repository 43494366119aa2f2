import ExcelJS from 'exceljs';
import type { ProvincesStatus } from './province-status.ts';

const STATUS_TH: Record<string, string> = {
  draft: 'ร่าง',
  certified: 'รับรองแล้ว',
  stale: 'ต้องรับรองใหม่',
  sent: 'ส่งกรมแล้ว',
};

/** The department's view as a workbook: one row per province with a registry or a certification. */
export async function writeProvincesXlsx(status: ProvincesStatus): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'sis-pipeline';
  const ws = book.addWorksheet('provinces', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.addRow([`สถานะการส่งรายงานของจังหวัด รอบ ${status.round}`]);
  ws.addRow([`กำหนดส่ง (forms due) ${status.formsDueAt}`, `เหลือ ${status.daysLeft} วัน`]);
  const header = ws.addRow([
    'รหัสจังหวัด',
    'จังหวัด',
    'สถานะ',
    'รับรองเมื่อ (UTC)',
    'ผู้รับรอง',
    'สถานศึกษาที่ต้องส่ง',
    'ส่งครบถูกต้อง',
    'ยังไม่ส่ง',
    'เกินกำหนด',
  ]);
  header.font = { bold: true };
  for (const p of status.provinces.filter((x) => x.expected > 0 || x.version !== null)) {
    const row = ws.addRow([
      p.province,
      p.provinceName,
      STATUS_TH[p.status] ?? p.status,
      p.certifiedAt ?? '',
      p.certifiedBy ?? '',
      p.expected,
      p.accepted,
      p.notSubmitted,
      p.late ? 'เกินกำหนด' : '',
    ]);
    if (p.late) row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE8E8' } };
  }
  [10, 18, 22, 22, 16, 14, 14, 12, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await book.xlsx.writeBuffer());
}
