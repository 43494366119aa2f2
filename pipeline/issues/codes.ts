/**
 * The catalogue of data problems. Each code is a public contract (reports, the dashboard's help
 * text and other tools match on it): add codes freely, never rename one.
 *
 * `level` says what a problem costs: `file` rejects the whole file, `row` rejects the row,
 * `warning` is reported and the row still counts.
 */
export type IssueLevel = 'file' | 'row' | 'warning';

export interface IssueCodeInfo {
  readonly level: IssueLevel;
  /** The Thai message shown to the clerk. */
  readonly th: string;
  /** What triggers it and what the clerk should do (English, for help pages and analysts). */
  readonly help: string;
}

export const ISSUE_CODES = {
  'file/unreadable': {
    level: 'file',
    th: 'อ่านไฟล์ไม่ได้ ไม่ใช่ไฟล์ Excel (.xlsx/.xls) หรือ CSV',
    help: 'The bytes are not a spreadsheet the reader understands. Save the file again as .xlsx from Excel.',
  },
  'file/encrypted': {
    level: 'file',
    th: 'ไฟล์ถูกตั้งรหัสผ่าน กรุณายกเลิกรหัสผ่านแล้วส่งใหม่',
    help: 'The workbook is password-protected. Remove the password (File → Info → Protect Workbook) and upload again.',
  },
  'file/too-large': {
    level: 'file',
    th: 'ไฟล์มีขนาดใหญ่เกินกำหนด',
    help: 'The file is larger than the configured upload limit. Split it per institution or remove pictures and extra sheets.',
  },
  'file/too-many-rows': {
    level: 'file',
    th: 'จำนวนแถวข้อมูลเกินกำหนด',
    help: 'The roster has more rows than the configured limit. One workbook holds one institution; split it.',
  },
  'file/empty': {
    level: 'file',
    th: 'ไม่พบข้อมูลในไฟล์',
    help: 'The file has no data rows under its header. Fill the roster sheet and upload again.',
  },
  'file/unknown-template': {
    level: 'file',
    th: 'ไม่ใช่แบบฟอร์มมาตรฐาน ไม่พบแผ่นงานหรือหัวคอลัมน์ที่กำหนด',
    help: 'No sheet of the file carries the headers of a standard template. Start from the blank template (sis templates).',
  },
  'file/sheet-missing': {
    level: 'file',
    th: 'ไม่พบแผ่นงานที่กำหนด',
    help: 'A sheet the template needs is missing and no other sheet carries its headers or labels.',
  },
  'file/column-missing': {
    level: 'file',
    th: 'ไม่พบคอลัมน์ที่จำเป็น',
    help: 'A required column header was not found in the first 20 rows of the sheet. Restore the header as in the template.',
  },
  'file/metadata-missing': {
    level: 'file',
    th: 'ไม่ได้ระบุข้อมูลส่วนหัว (รหัสสถานศึกษา ปีการศึกษา หรือภาคเรียน)',
    help: 'The info sheet (or the CSV columns, or the ingest options) must give the institution or LAO code, the academic year and the term.',
  },
  'file/metadata-invalid': {
    level: 'file',
    th: 'ข้อมูลส่วนหัวไม่ถูกต้อง',
    help: 'A value of the info sheet is not of its form: the code must be digits, the year a BE year, the term 1 or 2.',
  },
  'file/institution-unknown': {
    level: 'file',
    th: 'ไม่พบรหัสสถานศึกษาหรือรหัส อปท. ในทะเบียน',
    help: 'The institution or LAO code is not in the registry. Check the code on the info sheet, or ask the provincial office to register it.',
  },
  'file/institution-closed': {
    level: 'file',
    th: 'สถานศึกษานี้ปิดแล้วในทะเบียน',
    help: 'The registry lists the institution as closed. Ask the provincial office to reopen it if it still teaches.',
  },
  'file/institution-kind-mismatch': {
    level: 'file',
    th: 'ประเภทสถานศึกษาไม่ตรงกับแบบฟอร์ม',
    help: 'A school must use the sis-students template and a child development centre the ccis-children template.',
  },
  'file/round-unknown': {
    level: 'file',
    th: 'ไม่พบรอบการจัดเก็บข้อมูลของปีการศึกษาและภาคเรียนนี้',
    help: 'No collection round is defined for the academic year and term of the file.',
  },
  /**
   * The uploading account belongs to one provincial office and the file's institution (or LAO)
   * lies in another province. Nothing of the file is counted. The clerk sends it through the
   * institution's own provincial office.
   */
  'auth/other-province': {
    level: 'file',
    th: 'สถานศึกษานี้อยู่ในจังหวัดอื่น บัญชีของท่านส่งข้อมูลได้เฉพาะจังหวัดของท่าน',
    help: 'The account uploading belongs to one provincial office and the institution lies in another province; nothing of the file is counted. Send it through the institution’s own provincial office.',
  },
  'file/window-closed': {
    level: 'file',
    th: 'พ้นกำหนดเวลาส่งข้อมูลของรอบนี้แล้ว',
    help: 'The round closed (midnight, Bangkok time). Ask the department for an exception for your LAO.',
  },
  'file/window-not-open': {
    level: 'file',
    th: 'ยังไม่เปิดให้ส่งข้อมูลของรอบนี้',
    help: 'The data-entry window of the round has not opened yet.',
  },
  'file/uploader-forbidden': {
    level: 'file',
    th: 'ผู้ส่งไม่มีสิทธิ์ส่งข้อมูลของจังหวัดนี้',
    help: 'A provincial account may upload only for LAOs of its own province.',
  },
  'file/all-rows-rejected': {
    level: 'file',
    th: 'ทุกแถวมีข้อผิดพลาด ไม่มีข้อมูลที่รับได้',
    help: 'Every data row has an error, so nothing was counted. Fix the cells marked red and upload again.',
  },
  'file/processing-failed': {
    level: 'file',
    th: 'ระบบประมวลผลไฟล์ไม่สำเร็จ กรุณาส่งไฟล์ใหม่อีกครั้ง หากยังไม่ได้ให้แจ้งผู้ดูแลระบบ',
    help: 'The file could not be processed after several attempts because of a system fault, not the file. Upload it again later.',
  },
  'column/extra': {
    level: 'warning',
    th: 'คอลัมน์นี้ไม่อยู่ในแบบฟอร์ม ระบบไม่ได้นำเข้า',
    help: 'The column is not part of the template; its values were ignored.',
  },
  'column/duplicate': {
    level: 'warning',
    th: 'หัวคอลัมน์ซ้ำ ระบบใช้คอลัมน์แรก',
    help: 'Two columns carry the same header; the first one was read.',
  },
  'cell/required': {
    level: 'row',
    th: 'ต้องกรอกข้อมูลช่องนี้',
    help: 'A required cell is empty.',
  },
  'cell/national-id-format': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก หรือรหัส G 13 หลัก',
    help: 'The ID is not 13 digits (or G + 12 digits). Format the column as text and type the full number.',
  },
  'cell/national-id-checksum': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)',
    help: 'The 13th digit does not match the checksum of the first 12: a digit is mistyped. Check against the house registration.',
  },
  'cell/national-id-scientific': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนถูก Excel แปลงเป็นเลขยกกำลัง (เช่น 1.10370E+12) ตัวเลขสูญหาย',
    help: 'Excel stored the ID as a rounded number. Format the column as text and type the ID again.',
  },
  'cell/g-code-format': {
    level: 'row',
    th: 'รหัส G ต้องเป็น G ตามด้วยตัวเลข 12 หลัก',
    help: 'A G-code is G followed by 12 digits: 2-digit BE year, 2-digit province, 8-digit running number.',
  },
  'cell/date-unparseable': {
    level: 'row',
    th: 'อ่านวันเดือนปีเกิดไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป (พ.ศ.)',
    help: 'The date is not in a form the reader knows or names a day that does not exist. Use dd/mm/yyyy with a BE year.',
  },
  'cell/date-future': {
    level: 'row',
    th: 'วันเดือนปีเกิดอยู่หลังวันอ้างอิงของรอบ',
    help: 'The birth date lies after the round’s reference date.',
  },
  'cell/date-year-only': {
    level: 'row',
    th: 'วันเดือนปีเกิดมีแต่ปี (เช่น 2555) กรุณากรอกวัน เดือน และปี',
    help: 'A number cell holds a year (2555 or 2012) rather than a date. Excel would read it as a day in 1906; it is reported instead. Type the whole birth date, dd/mm/yyyy with a BE year.',
  },
  'cell/date-number-typed': {
    level: 'warning',
    th: 'วันเดือนปีเกิดพิมพ์เป็นตัวเลขติดกัน ระบบอ่านเป็น วว/ดด/ปปปป กรุณาตรวจสอบ',
    help: 'A number cell holds a date typed as digits without separators (15032555, or 5032555 once Excel dropped the leading zero). It was read as day, month, BE year; check the date and format the column as text or date.',
  },
  'cell/grade-unknown': {
    level: 'row',
    th: 'ระดับชั้นไม่ถูกต้อง ใช้ อ.1–อ.3, ป.1–ป.6, ม.1–ม.6 หรือ ปวช.1–ปวช.3',
    help: 'The grade is not one of the known codes.',
  },
  'cell/sex-unknown': {
    level: 'warning',
    th: 'เพศไม่ถูกต้อง ใช้ ชาย หรือ หญิง',
    help: 'The sex cell is neither ชาย (male) nor หญิง (female) nor a prefix that names one (เด็กชาย, ด.ญ., ช, ญ, M, F). The sex is taken from the prefix when it tells one (otherwise row/sex-missing). Severity changed from row to warning: the cell alone does not stop the child being counted.',
  },
  'row/sex-missing': {
    level: 'row',
    th: 'ไม่ทราบเพศ กรุณากรอก ชาย หรือ หญิง',
    help: 'Neither the sex cell nor the prefix tells the sex (the cell is blank or unreadable and the prefix is blank or not gendered). Sex is part of the identity the warehouse stores and duplicate detection compares, so the row is not counted. Fill ชาย or หญิง.',
  },
  'cell/prefix-missing': {
    level: 'warning',
    th: 'ไม่ได้กรอกคำนำหน้าชื่อ',
    help: 'The prefix cell is blank and the first-name cell carries none. The child is counted; fill the prefix (ด.ช., ด.ญ., นาย, น.ส.).',
  },
  'cell/prefix-unknown': {
    level: 'warning',
    th: 'คำนำหน้าชื่อไม่อยู่ในรายการ',
    help: 'The prefix is not one of the listed ones; the name is kept as typed.',
  },
  'cell/code-unknown': {
    level: 'row',
    th: 'รหัสไม่อยู่ในรายการที่กำหนด',
    help: 'A registry value is not in its list (LAO type, institution kind, status): the registry row cannot be used. Roster cells of optional lists raise cell/option-unknown instead.',
  },
  'cell/option-unknown': {
    level: 'warning',
    th: 'ค่าไม่อยู่ในรายการที่กำหนด ระบบบันทึกเป็น "ไม่ทราบ" และยังนับเด็กคนนี้',
    help: 'An optional column (disability, disadvantage) holds a value that is neither a listed code, a listed name nor a known spelling of one. The child is counted; the value is stored as "unknown" and kept as written in this report. Pick the value from the dropdown.',
  },
  'cell/count-invalid': {
    level: 'row',
    th: 'จำนวนต้องเป็นจำนวนเต็มไม่ติดลบ',
    help: 'A count must be a whole number of 0 or more ("-" means 0).',
  },
  'cell/number-invalid': {
    level: 'file',
    th: 'ต้องเป็นจำนวนเต็มไม่ติดลบ',
    help: 'A number on the info sheet (teachers, classrooms, caregivers) must be a whole number of 0 or more.',
  },
  'row/duplicate-id': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนซ้ำกับแถวอื่นในไฟล์เดียวกัน',
    help: 'The same ID appears twice in this file: the pupil would be counted twice. Keep one row.',
  },
  'row/duplicate-school': {
    level: 'row',
    th: 'รหัสโรงเรียนซ้ำกับแถวอื่นในไฟล์เดียวกัน',
    help: 'The same other-affiliation school is listed twice: its pupils would be counted twice. Keep one row per school.',
  },
  'row/age-grade-impossible': {
    level: 'row',
    th: 'อายุไม่สอดคล้องกับระดับชั้นอย่างมาก (ต่างเกิน 4 ปี)',
    help: 'The age at the start of the academic year is more than 4 years from the grade’s expected age: the birth date or grade is wrong.',
  },
  'row/age-grade-mismatch': {
    level: 'warning',
    th: 'อายุไม่สอดคล้องกับระดับชั้น (ต่างเกิน 2 ปี)',
    help: 'The age is more than 2 years from the grade’s expected age. Check the birth date and grade.',
  },
  'row/age-out-of-range': {
    level: 'warning',
    th: 'อายุเด็กไม่อยู่ในช่วง 2–5 ปี ณ วันอ้างอิง',
    help: 'A child development centre counts children aged 2–5 at the reference date.',
  },
  'row/prefix-sex-conflict': {
    level: 'warning',
    th: 'คำนำหน้าชื่อไม่ตรงกับเพศ',
    help: 'The prefix says one sex and the sex column another; the sex column was kept.',
  },
  'row/sex-from-prefix': {
    level: 'warning',
    th: 'ไม่ได้ระบุเพศ ระบบกำหนดจากคำนำหน้าชื่อ',
    help: 'The sex cell was empty; it was derived from the prefix.',
  },
  'cell/id-stored-as-number': {
    level: 'warning',
    th: 'เลขประจำตัวถูกบันทึกเป็นตัวเลข ระบบเติมเลข 0 นำหน้าให้',
    help: 'The ID cell is a number, so Excel dropped its leading zero; it was restored. Format the column as text.',
  },
  'cell/date-era-assumed': {
    level: 'warning',
    th: 'ปีเกิดพิมพ์เป็น ค.ศ. ระบบแปลงเป็น พ.ศ. ให้ กรุณาตรวจสอบ',
    help: 'A four-digit year below 2400 was typed, so it was read as a Christian-era year. Check the date; type BE years (2555).',
  },
  'cell/g-code-province': {
    level: 'warning',
    th: 'รหัสจังหวัดในรหัส G ไม่ตรงกับจังหวัดของสถานศึกษา',
    help: 'Digits 4–5 of the G-code name another province than the institution’s; the code may have been issued elsewhere.',
  },
  'cell/g-code-year': {
    level: 'warning',
    th: 'ปีที่ออกรหัส G อยู่หลังปีการศึกษาของรอบนี้',
    help: 'Digits 2–3 of a G-code are the BE year it was issued (64 = 2564); a year after the round’s academic year cannot be right. Check the code against the pupil’s record.',
  },
  'cell/g-code-province-unknown': {
    level: 'warning',
    th: 'รหัสจังหวัดในรหัส G ไม่ใช่รหัสจังหวัดที่มีอยู่',
    help: 'Digits 4–5 of a G-code are the province it was issued in; they name none of the 77 province codes. Check the code.',
  },
  'cell/national-id-suspicious': {
    level: 'warning',
    th: 'เลขประจำตัวประชาชนขึ้นต้นด้วย 9 ตรวจสอบอีกครั้ง',
    help: 'IDs starting with 9 are rarely issued; check the number.',
  },
  'row/excluded-by-decision': {
    level: 'warning',
    th: 'เด็กคนนี้มีผลการตรวจสอบให้ไม่นับในรอบนี้ แถวนี้จึงไม่ถูกนับ',
    help: 'The province or the institution marked this child 201–206 (not found, graduated, moved out, unreachable, deceased, other) for this round; the message names the decision. The row is loaded but not counted. If the child does attend, ask for the decision to be changed to 100; otherwise remove the row.',
  },
  'cell/other-school-unknown': {
    level: 'warning',
    th: 'ไม่พบรหัสโรงเรียนสังกัดอื่นนี้ในทะเบียน',
    help: 'The other-affiliation school code is not in the registry. Check the 10-digit MOE school code; if it is right, ask the provincial office to register the school. Its pupils are still counted.',
  },
  'registry/table-missing': {
    level: 'file',
    th: 'ไม่พบตารางทะเบียนที่จำเป็น (อปท หรือ สถานศึกษา)',
    help: 'The registry needs at least the LAO sheet (อปท) and the institution sheet (สถานศึกษา).',
  },
  'registry/duplicate-code': {
    level: 'row',
    th: 'รหัสซ้ำกับแถวอื่นในทะเบียน',
    help: 'A code appears twice in the registry; the first row is kept. Remove or correct the repeated row.',
  },
  'registry/province-unknown': {
    level: 'row',
    th: 'ไม่พบรหัสจังหวัดนี้',
    help: 'The province code is not one of the 77 province codes.',
  },
  'registry/lao-type-unknown': {
    level: 'row',
    th: 'ประเภท อปท. ไม่ถูกต้อง ใช้ อบจ. ทน. ทม. ทต. อบต. กทม. หรือ เมืองพัทยา',
    help: 'The LAO type is not one of the listed types.',
  },
  'registry/lao-type-place': {
    level: 'row',
    th: 'ประเภท อปท. ไม่สอดคล้องกับจังหวัด (กทม. อยู่ในจังหวัด 10, เมืองพัทยา อยู่ในจังหวัด 20, อบจ. มีจังหวัดละหนึ่งแห่ง)',
    help: 'กทม. exists only in province 10, เมืองพัทยา only in province 20, and each province has one อบจ.',
  },
  'registry/lao-unknown': {
    level: 'row',
    th: 'ไม่พบรหัส อปท. นี้ในแผ่นงาน อปท',
    help: 'The row refers to an LAO that the LAO sheet does not list.',
  },
  'registry/value-invalid': {
    level: 'row',
    th: 'ค่าไม่ถูกต้อง',
    help: 'kind must be school or cdc (โรงเรียน / ศพด.), status open or closed (เปิด / ปิด), codes digits only.',
  },
  'registry/contact-missing': {
    level: 'warning',
    th: 'ไม่มีอีเมลหรือโทรศัพท์ผู้ประสานงานของ อปท. นี้ จะส่งหนังสือแจ้งเตือนทางอีเมลไม่ได้',
    help: 'The LAO has no contact e-mail or telephone: reminders to it are printed as letters and listed for phoning. Add them in the optional contact columns of the อปท sheet.',
  },
  'registry/contact-invalid': {
    level: 'warning',
    th: 'อีเมลผู้ประสานงานไม่ถูกต้อง',
    help: 'The contact e-mail is not an address such as name@example.go.th; it is left out and reminders go by letter.',
  },
} as const satisfies Record<string, IssueCodeInfo>;

export type IssueCode = keyof typeof ISSUE_CODES;
