/**
 * The reminder's words, in Thai, as Handlebars templates (kept in code so the built command line
 * carries them). One message per LAO: its institutions still to send, the closing instant in
 * Bangkok time, and what to do.
 */
export const REMINDER_SUBJECT =
  'แจ้งเตือน: {{laoName}} ยังส่งข้อมูลนักเรียนรอบ {{round}} ไม่ครบ (ปิดรับ {{closesBangkok}} น.)';

export const REMINDER_TEXT = `เรียน {{contactName}}
{{laoName}} (รหัส {{laoCode}}) จังหวัด{{provinceName}}

สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด{{provinceName}} ขอแจ้งว่า สถานศึกษาในสังกัดต่อไปนี้ยังส่งข้อมูลนักเรียน/เด็กเล็ก รอบ {{round}} ไม่ครบถ้วน
{{#each institutions}}
- {{code}} {{name}}: {{statusTh}}
{{/each}}

ระบบปิดรับข้อมูลวันที่ {{closesBangkok}} น. (เวลากรุงเทพฯ)
สิ่งที่ต้องทำ: ดาวน์โหลดแบบฟอร์มมาตรฐาน กรอกข้อมูลให้ครบ แล้วส่งไฟล์ผ่านระบบ หากไฟล์ถูกปฏิเสธหรือรับบางส่วน ให้เปิดรายงานของไฟล์ แก้ไขเซลล์ที่มีปัญหา แล้วส่งไฟล์ใหม่
หากส่งครบแล้ว ขออภัยหากได้รับหนังสือนี้

(ข้อความอัตโนมัติจากระบบข้อมูลนักเรียน อปท. เลขที่ {{messageId}})
`;

export const REMINDER_HTML = `<section class="letter">
<p class="ref">เลขที่ {{messageId}}</p>
<p>เรียน {{contactName}}<br>{{laoName}} (รหัส {{laoCode}}) จังหวัด{{provinceName}}</p>
<p>สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด{{provinceName}} ขอแจ้งว่า สถานศึกษาในสังกัดต่อไปนี้ยังส่งข้อมูลนักเรียน/เด็กเล็ก รอบ {{round}} ไม่ครบถ้วน</p>
<table><thead><tr><th>รหัส</th><th>สถานศึกษา</th><th>สถานะ</th></tr></thead><tbody>
{{#each institutions}}<tr><td>{{code}}</td><td>{{name}}</td><td>{{statusTh}}</td></tr>{{/each}}
</tbody></table>
<p>ระบบปิดรับข้อมูลวันที่ <strong>{{closesBangkok}} น.</strong> (เวลากรุงเทพฯ)</p>
<p>สิ่งที่ต้องทำ: ดาวน์โหลดแบบฟอร์มมาตรฐาน กรอกข้อมูลให้ครบ แล้วส่งไฟล์ผ่านระบบ หากไฟล์ถูกปฏิเสธหรือรับบางส่วน ให้เปิดรายงานของไฟล์ แก้ไขเซลล์ที่มีปัญหา แล้วส่งไฟล์ใหม่</p>
</section>`;

/** The printable letters: A4, one LAO per page. */
export const LETTERS_PAGE = `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>หนังสือแจ้งเตือน รอบ {{round}} จังหวัด{{provinceName}}</title>
<style>
@page { size: A4; margin: 20mm; }
body { font-family: "TH Sarabun New", "Sarabun", "Noto Sans Thai", sans-serif; font-size: 16pt; }
.letter { page-break-after: always; }
.ref { text-align: right; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #333; padding: 2mm; text-align: left; }
</style></head><body>
{{#each letters}}{{{this}}}{{/each}}
</body></html>`;
