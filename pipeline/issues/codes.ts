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
  /** The same help in Thai, as the dashboard shows it to clerks. */
  readonly helpTh: string;
}

export const ISSUE_CODES = {
  'file/unreadable': {
    level: 'file',
    th: 'อ่านไฟล์ไม่ได้ ไม่ใช่ไฟล์ Excel (.xlsx/.xls) หรือ CSV',
    help: 'The bytes are not a spreadsheet the reader understands. Save the file again as .xlsx from Excel.',
    helpTh: 'ไฟล์นี้ไม่ใช่ตารางคำนวณที่ระบบอ่านได้ ให้เปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx',
  },
  'file/encrypted': {
    level: 'file',
    th: 'ไฟล์ถูกตั้งรหัสผ่าน กรุณายกเลิกรหัสผ่านแล้วส่งใหม่',
    help: 'The workbook is password-protected. Remove the password (File → Info → Protect Workbook) and upload again.',
    helpTh: 'ไฟล์ถูกตั้งรหัสผ่านไว้ ให้ยกเลิกรหัสผ่าน (ไฟล์ → ข้อมูล → ป้องกันเวิร์กบุ๊ก) แล้วส่งใหม่',
  },
  'file/too-large': {
    level: 'file',
    th: 'ไฟล์มีขนาดใหญ่เกินกำหนด',
    help: 'The file is larger than the configured upload limit. Split it per institution or remove pictures and extra sheets.',
    helpTh: 'ไฟล์ใหญ่เกินขนาดที่ระบบรับได้ ให้แยกไฟล์ตามสถานศึกษา หรือลบรูปภาพและแผ่นงานที่ไม่ใช้ออก',
  },
  'file/over-limit': {
    level: 'file',
    th: 'ไฟล์เกินขีดจำกัดที่ระบบกำหนด',
    help: 'The file is over one of the configured limits on what is read (inflated size, zip entries, compression ratio, columns, cells, characters in one cell, parse time); the message names the limit’s setting and value and, where it applies, the sheet and cell. A workbook saved from the template is far below every limit: remove columns, sheets or long texts that are not part of the template, or copy the data into a fresh copy of the template, and upload again.',
    helpTh:
      'ไฟล์เกินขีดจำกัดของสิ่งที่ระบบอ่าน (ขนาดหลังคลายการบีบอัด จำนวนรายการใน zip อัตราการบีบอัด จำนวนคอลัมน์ จำนวนเซลล์ จำนวนตัวอักษรในเซลล์เดียว เวลาที่ใช้อ่านไฟล์) ข้อความระบุชื่อค่าตั้งและค่าที่กำหนด พร้อมแผ่นงานและเซลล์ที่เกิน ไฟล์ที่บันทึกจากแบบฟอร์มมาตรฐานจะต่ำกว่าทุกขีดจำกัดมาก ให้ลบคอลัมน์ แผ่นงาน หรือข้อความยาวที่ไม่อยู่ในแบบฟอร์มออก หรือคัดลอกข้อมูลลงในแบบฟอร์มใหม่แล้วส่งอีกครั้ง',
  },
  'file/too-many-rows': {
    level: 'file',
    th: 'จำนวนแถวข้อมูลเกินกำหนด',
    help: 'The roster has more rows than the configured limit. One workbook holds one institution; split it.',
    helpTh: 'จำนวนแถวมากกว่าที่ระบบกำหนด หนึ่งไฟล์ใช้สำหรับสถานศึกษาเดียว ให้แยกไฟล์',
  },
  'file/empty': {
    level: 'file',
    th: 'ไม่พบข้อมูลในไฟล์',
    help: 'The file has no data rows under its header. Fill the roster sheet and upload again.',
    helpTh: 'ไม่มีแถวข้อมูลใต้หัวตาราง ให้กรอกแผ่นงานรายชื่อแล้วส่งใหม่',
  },
  'file/unknown-template': {
    level: 'file',
    th: 'ไม่ใช่แบบฟอร์มมาตรฐาน ไม่พบแผ่นงานหรือหัวคอลัมน์ที่กำหนด',
    help: 'No sheet of the file carries the headers of a standard template. Start from the blank template (sis templates).',
    helpTh: 'ไม่มีแผ่นงานใดที่มีหัวคอลัมน์ของแบบฟอร์มมาตรฐาน ให้เริ่มจากแบบฟอร์มเปล่าที่ระบบจัดให้ (sis templates)',
  },
  'file/sheet-missing': {
    level: 'file',
    th: 'ไม่พบแผ่นงานที่กำหนด',
    help: 'A sheet the template needs is missing and no other sheet carries its headers or labels.',
    helpTh: 'ไม่พบแผ่นงานที่แบบฟอร์มต้องใช้ และไม่มีแผ่นงานอื่นที่มีหัวคอลัมน์หรือป้ายกำกับของแผ่นงานนั้น',
  },
  'file/column-missing': {
    level: 'file',
    th: 'ไม่พบคอลัมน์ที่จำเป็น',
    help: 'A required column header was not found in the first 20 rows of the sheet. Restore the header as in the template.',
    helpTh: 'ไม่พบหัวคอลัมน์ที่จำเป็นใน 20 แถวแรกของแผ่นงาน ให้ใส่หัวคอลัมน์กลับตามแบบฟอร์ม',
  },
  'file/metadata-missing': {
    level: 'file',
    th: 'ไม่ได้ระบุข้อมูลส่วนหัว (รหัสสถานศึกษา ปีการศึกษา หรือภาคเรียน)',
    help: 'The info sheet (or the CSV columns, or the ingest options) must give the institution or LAO code, the academic year and the term.',
    helpTh: 'แผ่นงานข้อมูลทั่วไป (หรือคอลัมน์ใน CSV หรือตัวเลือกตอนส่ง) ต้องระบุรหัสสถานศึกษาหรือรหัส อปท. ปีการศึกษา และภาคเรียน',
  },
  'file/metadata-invalid': {
    level: 'file',
    th: 'ข้อมูลส่วนหัวไม่ถูกต้อง',
    help: 'A value of the info sheet is not of its form: the code must be digits, the year a BE year, the term 1 or 2.',
    helpTh: 'ค่าในแผ่นงานข้อมูลทั่วไปไม่ถูกรูปแบบ: รหัสต้องเป็นตัวเลข ปีต้องเป็นปี พ.ศ. ภาคเรียนต้องเป็น 1 หรือ 2',
  },
  'file/institution-unknown': {
    level: 'file',
    th: 'ไม่พบรหัสสถานศึกษาหรือรหัส อปท. ในทะเบียน',
    help: 'The institution or LAO code is not in the registry. Check the code on the info sheet, or ask the provincial office to register it.',
    helpTh:
      'ไม่พบรหัสสถานศึกษาหรือรหัส อปท. ในทะเบียน ให้ตรวจรหัสในแผ่นงานข้อมูลทั่วไป หรือแจ้งสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดให้ขึ้นทะเบียน',
  },
  'file/institution-closed': {
    level: 'file',
    th: 'สถานศึกษานี้ปิดแล้วในทะเบียน',
    help: 'The registry lists the institution as closed. Ask the provincial office to reopen it if it still teaches.',
    helpTh: 'ทะเบียนระบุว่าสถานศึกษานี้ปิดแล้ว หากยังเปิดสอนอยู่ ให้แจ้งสำนักงานจังหวัดเปิดสถานะใหม่',
  },
  'file/institution-kind-mismatch': {
    level: 'file',
    th: 'ประเภทสถานศึกษาไม่ตรงกับแบบฟอร์ม',
    help: 'A school must use the sis-students template and a child development centre the ccis-children template.',
    helpTh: 'โรงเรียนต้องใช้แบบฟอร์ม sis-students และศูนย์พัฒนาเด็กเล็กต้องใช้แบบฟอร์ม ccis-children',
  },
  'file/round-unknown': {
    level: 'file',
    th: 'ไม่พบรอบการจัดเก็บข้อมูลของปีการศึกษาและภาคเรียนนี้',
    help: 'No collection round is defined for the academic year and term of the file.',
    helpTh: 'ไม่มีรอบการจัดเก็บข้อมูลของปีการศึกษาและภาคเรียนที่ระบุในไฟล์',
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
    helpTh:
      'บัญชีที่ส่งเป็นของสำนักงานจังหวัดหนึ่ง แต่สถานศึกษาอยู่ในอีกจังหวัด ไม่มีข้อมูลใดในไฟล์ถูกนับ ให้ส่งผ่านสำนักงานจังหวัดของสถานศึกษานั้น',
  },
  'file/window-closed': {
    level: 'file',
    th: 'พ้นกำหนดเวลาส่งข้อมูลของรอบนี้แล้ว',
    help: 'The round closed (midnight, Bangkok time). Ask the department for an exception for your LAO.',
    helpTh: 'รอบนี้ปิดรับข้อมูลแล้ว (เที่ยงคืนตามเวลาประเทศไทย) ให้ขอข้อยกเว้นส่งล่าช้าสำหรับ อปท. ของท่านจากกรม',
  },
  'file/window-not-open': {
    level: 'file',
    th: 'ยังไม่เปิดให้ส่งข้อมูลของรอบนี้',
    help: 'The data-entry window of the round has not opened yet.',
    helpTh: 'ยังไม่ถึงช่วงเวลาเปิดรับข้อมูลของรอบนี้',
  },
  'file/uploader-forbidden': {
    level: 'file',
    th: 'ผู้ส่งไม่มีสิทธิ์ส่งข้อมูลของจังหวัดนี้',
    help: 'A provincial account may upload only for LAOs of its own province.',
    helpTh: 'บัญชีระดับจังหวัดส่งข้อมูลได้เฉพาะของ อปท. ในจังหวัดของตนเอง',
  },
  'file/all-rows-rejected': {
    level: 'file',
    th: 'ทุกแถวมีข้อผิดพลาด ไม่มีข้อมูลที่รับได้',
    help: 'Every data row has an error, so nothing was counted. Fix the cells marked red and upload again.',
    helpTh: 'ทุกแถวมีข้อผิดพลาด จึงไม่มีข้อมูลที่ถูกนับ ให้แก้เซลล์ที่ทำเครื่องหมายสีแดงแล้วส่งใหม่',
  },
  'file/processing-failed': {
    level: 'file',
    th: 'ระบบประมวลผลไฟล์ไม่สำเร็จ กรุณาส่งไฟล์ใหม่อีกครั้ง หากยังไม่ได้ให้แจ้งผู้ดูแลระบบ',
    help: 'The file could not be processed after several attempts because of a system fault, not the file. Upload it again later.',
    helpTh: 'ระบบประมวลผลไฟล์ไม่สำเร็จหลังลองหลายครั้ง เป็นปัญหาของระบบ ไม่ใช่ของไฟล์ ให้ส่งใหม่ภายหลัง',
  },
  'column/extra': {
    level: 'warning',
    th: 'คอลัมน์นี้ไม่อยู่ในแบบฟอร์ม ระบบไม่ได้นำเข้า',
    help: 'The column is not part of the template; its values were ignored.',
    helpTh: 'คอลัมน์นี้ไม่อยู่ในแบบฟอร์ม ค่าในคอลัมน์จึงไม่ถูกนำเข้า',
  },
  'column/duplicate': {
    level: 'warning',
    th: 'หัวคอลัมน์ซ้ำ ระบบใช้คอลัมน์แรก',
    help: 'Two columns carry the same header; the first one was read.',
    helpTh: 'มีสองคอลัมน์ที่หัวคอลัมน์เหมือนกัน ระบบอ่านคอลัมน์แรก',
  },
  'cell/required': {
    level: 'row',
    th: 'ต้องกรอกข้อมูลช่องนี้',
    help: 'A required cell is empty.',
    helpTh: 'ช่องที่ต้องกรอกว่างอยู่',
  },
  /**
   * A name cell holds an Excel error value (`#REF!`, `#N/A`, `#VALUE!`…): the formula that should
   * have given the name failed, often after a sheet it pointed at was deleted. The row is not
   * counted. The clerk types the name, or fixes the formula, and saves again.
   */
  'cell/excel-error': {
    level: 'row',
    th: 'ช่องนี้มีค่าความผิดพลาดของ Excel (เช่น #REF! หรือ #N/A) แทนข้อมูล',
    help: 'A name cell holds an Excel error value (#REF!, #N/A, #VALUE!…): the formula meant to give it failed, often because a sheet or cell it pointed at was deleted. The row is not counted. Type the value, or mend the formula, and upload again.',
    helpTh:
      'ช่องชื่อมีค่าความผิดพลาดของ Excel (#REF! #N/A #VALUE! ฯลฯ) แสดงว่าสูตรที่ใช้ดึงชื่อทำงานไม่ได้ มักเกิดจากการลบแผ่นงานหรือเซลล์ที่สูตรอ้างถึง แถวนี้จึงไม่ถูกนับ ให้พิมพ์ข้อมูลลงไปหรือแก้สูตร แล้วส่งใหม่',
  },
  'cell/national-id-format': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก หรือรหัส G 13 หลัก',
    help: 'The ID is not 13 digits (or G + 12 digits). Format the column as text and type the full number.',
    helpTh: 'เลขประจำตัวไม่ครบ 13 หลัก (หรือไม่ใช่ G ตามด้วยตัวเลข 12 หลัก) ให้ตั้งรูปแบบคอลัมน์เป็นข้อความแล้วพิมพ์เลขให้ครบ',
  },
  'cell/national-id-checksum': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)',
    help: 'The 13th digit does not match the checksum of the first 12: a digit is mistyped. Check against the house registration.',
    helpTh: 'หลักที่ 13 ไม่ตรงกับผลคำนวณจาก 12 หลักแรก แสดงว่าพิมพ์ตัวเลขผิด ให้ตรวจกับทะเบียนบ้าน',
  },
  'cell/national-id-scientific': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนถูก Excel แปลงเป็นเลขยกกำลัง (เช่น 1.10370E+12) ตัวเลขสูญหาย',
    help: 'Excel stored the ID as a rounded number. Format the column as text and type the ID again.',
    helpTh: 'Excel เก็บเลขประจำตัวเป็นตัวเลขที่ถูกปัดเศษ ให้ตั้งรูปแบบคอลัมน์เป็นข้อความแล้วพิมพ์เลขใหม่',
  },
  'cell/g-code-format': {
    level: 'row',
    th: 'รหัส G ต้องเป็น G ตามด้วยตัวเลข 12 หลัก',
    help: 'A G-code is G followed by 12 digits: 2-digit BE year, 2-digit province, 8-digit running number.',
    helpTh: 'รหัส G คือ G ตามด้วยตัวเลข 12 หลัก: ปี พ.ศ. 2 หลัก รหัสจังหวัด 2 หลัก และเลขลำดับ 8 หลัก',
  },
  'cell/date-unparseable': {
    level: 'row',
    th: 'อ่านวันเดือนปีเกิดไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป (พ.ศ.)',
    help: 'The date is not in a form the reader knows or names a day that does not exist. Use dd/mm/yyyy with a BE year.',
    helpTh: 'วันที่ไม่อยู่ในรูปแบบที่ระบบรู้จัก หรือเป็นวันที่ไม่มีอยู่จริง ให้ใช้ วว/ดด/ปปปป เป็นปี พ.ศ.',
  },
  'cell/date-future': {
    level: 'row',
    th: 'วันเดือนปีเกิดอยู่หลังวันอ้างอิงของรอบ',
    help: 'The birth date lies after the round’s reference date.',
    helpTh: 'วันเกิดอยู่หลังวันอ้างอิงของรอบ',
  },
  'cell/date-year-only': {
    level: 'row',
    th: 'วันเดือนปีเกิดมีแต่ปี (เช่น 2555) กรุณากรอกวัน เดือน และปี',
    help: 'A number cell holds a year (2555 or 2012) rather than a date. Excel would read it as a day in 1906; it is reported instead. Type the whole birth date, dd/mm/yyyy with a BE year.',
    helpTh:
      'เซลล์ตัวเลขมีแต่ปี (2555 หรือ 2012) ไม่ใช่วันที่ Excel จะอ่านเป็นวันหนึ่งในปี 1906 ระบบจึงแจ้งไว้แทน ให้พิมพ์วันเกิดเต็ม วว/ดด/ปปปป เป็นปี พ.ศ.',
  },
  'cell/date-number-typed': {
    level: 'warning',
    th: 'วันเดือนปีเกิดพิมพ์เป็นตัวเลขติดกัน ระบบอ่านเป็น วว/ดด/ปปปป กรุณาตรวจสอบ',
    help: 'A number cell holds a date typed as digits without separators (15032555, or 5032555 once Excel dropped the leading zero). It was read as day, month, BE year; check the date and format the column as text or date.',
    helpTh:
      'เซลล์ตัวเลขมีวันที่พิมพ์ติดกันไม่มีเครื่องหมายคั่น (15032555 หรือ 5032555 เมื่อ Excel ตัดเลข 0 หน้าออก) ระบบอ่านเป็น วัน เดือน ปี พ.ศ. ให้ตรวจวันที่ และตั้งรูปแบบคอลัมน์เป็นข้อความหรือวันที่',
  },
  'cell/grade-unknown': {
    level: 'row',
    th: 'ระดับชั้นไม่ถูกต้อง ใช้ อ.1–อ.3, ป.1–ป.6, ม.1–ม.6 หรือ ปวช.1–ปวช.3',
    help: 'The grade is not one of the known codes.',
    helpTh: 'ระดับชั้นไม่ใช่รหัสที่ระบบรู้จัก',
  },
  'cell/sex-unknown': {
    level: 'warning',
    th: 'เพศไม่ถูกต้อง ใช้ ชาย หรือ หญิง',
    help: 'The sex cell is neither ชาย (male) nor หญิง (female) nor a prefix that names one (เด็กชาย, ด.ญ., ช, ญ, M, F). The sex is taken from the prefix when it tells one (otherwise row/sex-missing). Severity changed from row to warning: the cell alone does not stop the child being counted.',
    helpTh:
      'ช่องเพศไม่ใช่ ชาย หรือ หญิง และไม่ใช่คำนำหน้าที่บอกเพศได้ (เด็กชาย ด.ญ. ช ญ M F) ระบบใช้เพศจากคำนำหน้าชื่อเมื่อบอกได้ (ถ้าไม่ได้ จะเป็น row/sex-missing) เป็นคำเตือน: ช่องนี้ช่องเดียวไม่ทำให้เด็กไม่ถูกนับ',
  },
  'row/sex-missing': {
    level: 'row',
    th: 'ไม่ทราบเพศ กรุณากรอก ชาย หรือ หญิง',
    help: 'Neither the sex cell nor the prefix tells the sex (the cell is blank or unreadable and the prefix is blank or not gendered). Sex is part of the identity the warehouse stores and duplicate detection compares, so the row is not counted. Fill ชาย or หญิง.',
    helpTh:
      'ทั้งช่องเพศและคำนำหน้าชื่อไม่บอกเพศ (ช่องว่างหรืออ่านไม่ได้ และคำนำหน้าว่างหรือไม่ระบุเพศ) เพศเป็นส่วนหนึ่งของข้อมูลตัวบุคคลที่ใช้ตรวจข้อมูลซ้ำ แถวนี้จึงไม่ถูกนับ ให้กรอก ชาย หรือ หญิง',
  },
  'cell/prefix-missing': {
    level: 'warning',
    th: 'ไม่ได้กรอกคำนำหน้าชื่อ',
    help: 'The prefix cell is blank and the first-name cell carries none. The child is counted; fill the prefix (ด.ช., ด.ญ., นาย, น.ส.).',
    helpTh: 'ช่องคำนำหน้าว่างและชื่อไม่มีคำนำหน้า เด็กยังถูกนับ ให้กรอกคำนำหน้า (ด.ช. ด.ญ. นาย น.ส.)',
  },
  'cell/prefix-unknown': {
    level: 'warning',
    th: 'คำนำหน้าชื่อไม่อยู่ในรายการ',
    help: 'The prefix is not one of the listed ones; the name is kept as typed.',
    helpTh: 'คำนำหน้าไม่อยู่ในรายการ ระบบเก็บชื่อตามที่พิมพ์',
  },
  'cell/code-unknown': {
    level: 'row',
    th: 'รหัสไม่อยู่ในรายการที่กำหนด',
    help: 'A registry value is not in its list (LAO type, institution kind, status): the registry row cannot be used. Roster cells of optional lists raise cell/option-unknown instead.',
    helpTh:
      'ค่าในทะเบียนไม่อยู่ในรายการ (ประเภท อปท. ประเภทสถานศึกษา สถานะ) แถวนี้ของทะเบียนจึงใช้ไม่ได้ ช่องในรายชื่อที่เป็นรายการไม่บังคับจะแจ้งเป็น cell/option-unknown แทน',
  },
  'cell/option-unknown': {
    level: 'warning',
    th: 'ค่าไม่อยู่ในรายการที่กำหนด ระบบบันทึกเป็น "ไม่ทราบ" และยังนับเด็กคนนี้',
    help: 'An optional column (disability, disadvantage) holds a value that is neither a listed code, a listed name nor a known spelling of one. The child is counted; the value is stored as "unknown" and kept as written in this report. Pick the value from the dropdown.',
    helpTh:
      'คอลัมน์ไม่บังคับ (ความพิการ ความด้อยโอกาส) มีค่าที่ไม่ใช่รหัส ชื่อ หรือคำสะกดที่ระบบรู้จัก เด็กยังถูกนับ ค่าถูกเก็บเป็น "ไม่ทราบ" และแสดงตามที่พิมพ์ในรายงานนี้ ให้เลือกค่าจากรายการ',
  },
  'cell/count-invalid': {
    level: 'row',
    th: 'จำนวนต้องเป็นจำนวนเต็มไม่ติดลบ',
    help: 'A count must be a whole number of 0 or more ("-" means 0).',
    helpTh: 'จำนวนต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป ("-" หมายถึง 0)',
  },
  'cell/number-invalid': {
    level: 'file',
    th: 'ต้องเป็นจำนวนเต็มไม่ติดลบ',
    help: 'A number on the info sheet (teachers, classrooms, caregivers) must be a whole number of 0 or more.',
    helpTh: 'ตัวเลขในแผ่นงานข้อมูลทั่วไป (ครู ห้องเรียน ผู้ดูแลเด็ก) ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป',
  },
  'row/duplicate-id': {
    level: 'row',
    th: 'เลขประจำตัวประชาชนซ้ำกับแถวอื่นในไฟล์เดียวกัน',
    help: 'The same ID appears twice in this file: the pupil would be counted twice. Keep one row.',
    helpTh: 'เลขประจำตัวเดียวกันอยู่สองแถวในไฟล์นี้ นักเรียนจะถูกนับสองครั้ง ให้เหลือไว้แถวเดียว',
  },
  'row/duplicate-school': {
    level: 'row',
    th: 'รหัสโรงเรียนซ้ำกับแถวอื่นในไฟล์เดียวกัน',
    help: 'The same other-affiliation school is listed twice: its pupils would be counted twice. Keep one row per school.',
    helpTh: 'โรงเรียนสังกัดอื่นโรงเรียนเดียวกันอยู่สองแถว นักเรียนจะถูกนับสองครั้ง ให้เหลือโรงเรียนละแถวเดียว',
  },
  'row/age-grade-impossible': {
    level: 'row',
    th: 'อายุไม่สอดคล้องกับระดับชั้นอย่างมาก (ต่างเกิน 4 ปี)',
    help: 'The age at the start of the academic year is more than 4 years from the grade’s expected age: the birth date or grade is wrong.',
    helpTh: 'อายุเมื่อเริ่มปีการศึกษาต่างจากอายุปกติของระดับชั้นเกิน 4 ปี วันเกิดหรือระดับชั้นผิด',
  },
  'row/age-grade-mismatch': {
    level: 'warning',
    th: 'อายุไม่สอดคล้องกับระดับชั้น (ต่างเกิน 2 ปี)',
    help: 'The age is more than 2 years from the grade’s expected age. Check the birth date and grade.',
    helpTh: 'อายุต่างจากอายุปกติของระดับชั้นเกิน 2 ปี ให้ตรวจวันเกิดและระดับชั้น',
  },
  'row/age-out-of-range': {
    level: 'warning',
    th: 'อายุเด็กไม่อยู่ในช่วง 2–5 ปี ณ วันอ้างอิง',
    help: 'A child development centre counts children aged 2–5 at the reference date.',
    helpTh: 'ศูนย์พัฒนาเด็กเล็กนับเด็กอายุ 2–5 ปี ณ วันอ้างอิงของรอบ',
  },
  'row/prefix-sex-conflict': {
    level: 'warning',
    th: 'คำนำหน้าชื่อไม่ตรงกับเพศ',
    help: 'The prefix says one sex and the sex column another; the sex column was kept.',
    helpTh: 'คำนำหน้าบอกเพศหนึ่ง แต่ช่องเพศบอกอีกเพศ ระบบใช้ค่าในช่องเพศ',
  },
  'row/sex-from-prefix': {
    level: 'warning',
    th: 'ไม่ได้ระบุเพศ ระบบกำหนดจากคำนำหน้าชื่อ',
    help: 'The sex cell was empty; it was derived from the prefix.',
    helpTh: 'ช่องเพศว่าง ระบบกำหนดเพศจากคำนำหน้าชื่อ',
  },
  'cell/id-stored-as-number': {
    level: 'warning',
    th: 'เลขประจำตัวถูกบันทึกเป็นตัวเลข ระบบเติมเลข 0 นำหน้าให้',
    help: 'The ID cell is a number, so Excel dropped its leading zero; it was restored. Format the column as text.',
    helpTh: 'เซลล์เลขประจำตัวเป็นตัวเลข Excel จึงตัดเลข 0 หน้าออก ระบบเติมกลับให้แล้ว ให้ตั้งรูปแบบคอลัมน์เป็นข้อความ',
  },
  'cell/date-era-assumed': {
    level: 'warning',
    th: 'ปีเกิดพิมพ์เป็น ค.ศ. ระบบแปลงเป็น พ.ศ. ให้ กรุณาตรวจสอบ',
    help: 'A four-digit year below 2400 was typed, so it was read as a Christian-era year. Check the date; type BE years (2555).',
    helpTh: 'พิมพ์ปี 4 หลักที่น้อยกว่า 2400 ระบบจึงอ่านเป็นปี ค.ศ. ให้ตรวจวันที่ และพิมพ์เป็นปี พ.ศ. (2555)',
  },
  'cell/g-code-province': {
    level: 'warning',
    th: 'รหัสจังหวัดในรหัส G ไม่ตรงกับจังหวัดของสถานศึกษา',
    help: 'Digits 4–5 of the G-code name another province than the institution’s; the code may have been issued elsewhere.',
    helpTh: 'หลักที่ 4–5 ของรหัส G เป็นจังหวัดอื่น ไม่ใช่จังหวัดของสถานศึกษา รหัสอาจออกจากที่อื่น',
  },
  'cell/g-code-year': {
    level: 'warning',
    th: 'ปีที่ออกรหัส G อยู่หลังปีการศึกษาของรอบนี้',
    help: 'Digits 2–3 of a G-code are the BE year it was issued (64 = 2564); a year after the round’s academic year cannot be right. Check the code against the pupil’s record.',
    helpTh:
      'หลักที่ 2–3 ของรหัส G คือปี พ.ศ. ที่ออกรหัส (64 = 2564) ปีที่อยู่หลังปีการศึกษาของรอบเป็นไปไม่ได้ ให้ตรวจรหัสกับทะเบียนนักเรียน',
  },
  'cell/g-code-province-unknown': {
    level: 'warning',
    th: 'รหัสจังหวัดในรหัส G ไม่ใช่รหัสจังหวัดที่มีอยู่',
    help: 'Digits 4–5 of a G-code are the province it was issued in; they name none of the 77 province codes. Check the code.',
    helpTh: 'หลักที่ 4–5 ของรหัส G คือจังหวัดที่ออกรหัส แต่ไม่ตรงกับรหัสจังหวัดใดใน 77 จังหวัด ให้ตรวจรหัส',
  },
  'cell/national-id-suspicious': {
    level: 'warning',
    th: 'เลขประจำตัวประชาชนขึ้นต้นด้วย 9 ตรวจสอบอีกครั้ง',
    help: 'IDs starting with 9 are rarely issued; check the number.',
    helpTh: 'เลขที่ขึ้นต้นด้วย 9 ออกให้น้อยมาก ให้ตรวจเลขอีกครั้ง',
  },
  'row/excluded-by-decision': {
    level: 'warning',
    th: 'เด็กคนนี้มีผลการตรวจสอบให้ไม่นับในรอบนี้ แถวนี้จึงไม่ถูกนับ',
    help: 'The province or the institution marked this child 201–206 (not found, graduated, moved out, unreachable, deceased, other) for this round; the message names the decision. The row is loaded but not counted. If the child does attend, ask for the decision to be changed to 100; otherwise remove the row.',
    helpTh:
      'จังหวัดหรือสถานศึกษาได้ตัดสินเด็กคนนี้เป็นรหัส 201–206 (ไม่พบตัว จบการศึกษา ย้ายออก ติดต่อไม่ได้ เสียชีวิต อื่น ๆ) ในรอบนี้ ข้อความระบุการตัดสินนั้น แถวถูกนำเข้าแต่ไม่ถูกนับ หากเด็กศึกษาอยู่จริง ให้ขอเปลี่ยนการตัดสินเป็น 100 มิฉะนั้นให้ลบแถวนี้',
  },
  'cell/other-school-unknown': {
    level: 'warning',
    th: 'ไม่พบรหัสโรงเรียนสังกัดอื่นนี้ในทะเบียน',
    help: 'The other-affiliation school code is not in the registry. Check the 10-digit MOE school code; if it is right, ask the provincial office to register the school. Its pupils are still counted.',
    helpTh:
      'ไม่พบรหัสโรงเรียนสังกัดอื่นในทะเบียน ให้ตรวจรหัสโรงเรียน 10 หลักของกระทรวงศึกษาธิการ ถ้าถูกต้อง ให้แจ้งสำนักงานจังหวัดขึ้นทะเบียนโรงเรียน นักเรียนยังถูกนับ',
  },
  'registry/table-missing': {
    level: 'file',
    th: 'ไม่พบตารางทะเบียนที่จำเป็น (อปท หรือ สถานศึกษา)',
    help: 'The registry needs at least the LAO sheet (อปท) and the institution sheet (สถานศึกษา).',
    helpTh: 'ทะเบียนต้องมีอย่างน้อยแผ่นงาน อปท และแผ่นงาน สถานศึกษา',
  },
  'registry/duplicate-code': {
    level: 'row',
    th: 'รหัสซ้ำกับแถวอื่นในทะเบียน',
    help: 'A code appears twice in the registry; the first row is kept. Remove or correct the repeated row.',
    helpTh: 'รหัสนี้อยู่สองแถวในทะเบียน ระบบใช้แถวแรก ให้ลบหรือแก้แถวที่ซ้ำ',
  },
  'registry/province-unknown': {
    level: 'row',
    th: 'ไม่พบรหัสจังหวัดนี้',
    help: 'The province code is not one of the 77 province codes.',
    helpTh: 'รหัสจังหวัดไม่ใช่รหัสใดใน 77 จังหวัด',
  },
  'registry/lao-type-unknown': {
    level: 'row',
    th: 'ประเภท อปท. ไม่ถูกต้อง ใช้ อบจ. ทน. ทม. ทต. อบต. กทม. หรือ เมืองพัทยา',
    help: 'The LAO type is not one of the listed types.',
    helpTh: 'ประเภท อปท. ไม่อยู่ในรายการที่กำหนด',
  },
  'registry/lao-type-place': {
    level: 'row',
    th: 'ประเภท อปท. ไม่สอดคล้องกับจังหวัด (กทม. อยู่ในจังหวัด 10, เมืองพัทยา อยู่ในจังหวัด 20, อบจ. มีจังหวัดละหนึ่งแห่ง)',
    help: 'กทม. exists only in province 10, เมืองพัทยา only in province 20, and each province has one อบจ.',
    helpTh: 'กทม. มีเฉพาะในจังหวัด 10 เมืองพัทยามีเฉพาะในจังหวัด 20 และแต่ละจังหวัดมี อบจ. หนึ่งแห่ง',
  },
  'registry/lao-unknown': {
    level: 'row',
    th: 'ไม่พบรหัส อปท. นี้ในแผ่นงาน อปท',
    help: 'The row refers to an LAO that the LAO sheet does not list.',
    helpTh: 'แถวนี้อ้างถึง อปท. ที่ไม่มีในแผ่นงาน อปท',
  },
  'registry/value-invalid': {
    level: 'row',
    th: 'ค่าไม่ถูกต้อง',
    help: 'kind must be school or cdc (โรงเรียน / ศพด.), status open or closed (เปิด / ปิด), codes digits only.',
    helpTh:
      'ประเภทต้องเป็น โรงเรียน หรือ ศพด. (school / cdc) สถานะต้องเป็น เปิด หรือ ปิด (open / closed) และรหัสต้องเป็นตัวเลขเท่านั้น',
  },
  'registry/contact-missing': {
    level: 'warning',
    th: 'ไม่มีอีเมลหรือโทรศัพท์ผู้ประสานงานของ อปท. นี้ จะส่งหนังสือแจ้งเตือนทางอีเมลไม่ได้',
    help: 'The LAO has no contact e-mail or telephone: reminders to it are printed as letters and listed for phoning. Add them in the optional contact columns of the อปท sheet.',
    helpTh:
      'อปท. นี้ไม่มีอีเมลหรือโทรศัพท์ของผู้ประสานงาน หนังสือแจ้งเตือนจะพิมพ์เป็นจดหมายและอยู่ในรายการโทรติดตามแทน ให้กรอกในคอลัมน์ผู้ประสานงาน (ไม่บังคับ) ของแผ่นงาน อปท',
  },
  'registry/contact-invalid': {
    level: 'warning',
    th: 'อีเมลผู้ประสานงานไม่ถูกต้อง',
    help: 'The contact e-mail is not an address such as name@example.go.th; it is left out and reminders go by letter.',
    helpTh: 'อีเมลผู้ประสานงานไม่อยู่ในรูปแบบ เช่น name@example.go.th จึงไม่ใช้อีเมลนี้ และส่งหนังสือแจ้งเตือนเป็นจดหมายแทน',
  },
} as const satisfies Record<string, IssueCodeInfo>;

export type IssueCode = keyof typeof ISSUE_CODES;
