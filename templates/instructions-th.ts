import type { TemplateLookups } from './lookups.ts';
import type { SubjectKind, TemplateDef } from './definitions.ts';
import { choicesForKind } from './field-validation.ts';
import type { FieldDef, FieldKind } from './fields.ts';

/** The name of the instructions sheet, first in every blank template. */
export const INSTRUCTIONS_SHEET = 'คำอธิบาย';

const ONE_WORKBOOK_PER: Record<SubjectKind, string> = {
  school: 'โรงเรียน',
  cdc: 'ศูนย์พัฒนาเด็กเล็ก',
  lao: 'องค์กรปกครองส่วนท้องถิ่น (อปท.)',
};

const ROW_IS: Record<SubjectKind, string> = {
  school: 'นักเรียน 1 คน',
  cdc: 'เด็ก 1 คน',
  lao: 'โรงเรียน 1 แห่ง',
};

/** The opening paragraphs of the instructions sheet: what the form is and the rules every column shares. */
export function generalInstructions(def: TemplateDef): string[] {
  return [
    def.titleTh,
    `แบบฟอร์ม ${def.id} รุ่นที่ ${def.version}`,
    '',
    'วิธีใช้',
    `1. ใช้ไฟล์นี้ 1 ไฟล์ ต่อ 1 ${ONE_WORKBOOK_PER[def.subject]} ต่อ 1 รอบการสำรวจ (ปีการศึกษาและภาคเรียน)`,
    `2. กรอกข้อมูลทั่วไปในแผ่นงาน "${def.info.name}" ที่คอลัมน์ B (คอลัมน์ C เป็นคำอธิบายภาษาอังกฤษ ไม่ต้องแก้ไข)`,
    `3. กรอกรายการในแผ่นงาน "${def.roster.sheet}" ตั้งแต่แถวที่ 2 แถวละ ${ROW_IS[def.subject]} ไม่เว้นแถวว่างคั่น`,
    '4. ห้ามแก้ไข ลบ หรือสลับหัวคอลัมน์ ห้ามเปลี่ยนชื่อแผ่นงาน และห้ามลบแผ่นงานที่ซ่อนไว้',
    '5. หัวคอลัมน์สีเหลือง = ต้องกรอก หัวคอลัมน์สีฟ้า = กรอกถ้ามีข้อมูล',
    '',
    'รูปแบบข้อมูล',
    '• วันที่: วว/ดด/ปปปป เป็นปี พ.ศ. เช่น 05/03/2555',
    '• เลขประจำตัวประชาชน 13 หลักและรหัสต่าง ๆ: กรอกเป็นข้อความ (ช่องตั้งรูปแบบข้อความไว้แล้ว) เพื่อไม่ให้เลข 0 ด้านหน้าหายไป',
    '• ผู้ที่ไม่มีเลขประจำตัวประชาชน: กรอกรหัส G ที่ได้รับ คือ G ตามด้วยตัวเลข 12 หลัก เช่น G644200000001',
    '• จำนวน: ตัวเลขจำนวนเต็มตั้งแต่ 0 ขึ้นไป เครื่องหมาย "-" หมายถึง 0',
    '• ช่องที่มีลูกศร: เลือกจากรายการ',
    '',
    'คำอธิบายรายคอลัมน์',
  ];
}

const HOW_TO: Record<FieldKind, string> = {
  'person-id': 'เลขประจำตัวประชาชน 13 หลัก หรือรหัส G (G + ตัวเลข 12 หลัก) กรอกเป็นข้อความ',
  prefix: 'เลือกคำนำหน้า',
  name: 'ภาษาไทย ไม่ต้องใส่คำนำหน้า',
  sex: 'เลือก ชาย หรือ หญิง ให้ตรงกับคำนำหน้า',
  date: 'วว/ดด/ปปปป (พ.ศ.) เช่น 05/03/2555',
  grade: 'เลือกชั้นเรียน',
  text: 'ข้อความ',
  code: 'รหัสตามทะเบียน กรอกเป็นข้อความ',
  disability: 'เลือกประเภทความพิการ (หรือรหัส) เว้นว่างถ้าไม่มี',
  disadvantage: 'เลือกประเภทความด้อยโอกาส (หรือรหัส) เว้นว่างถ้าไม่มี',
  count: 'จำนวนเต็มตั้งแต่ 0 ขึ้นไป "-" หมายถึง 0',
  year: 'ปี พ.ศ. 4 หลัก เช่น 2562',
  term: '1 = ภาคเรียนที่ 1 (นับ ณ 10 มิถุนายน), 2 = ภาคเรียนที่ 2 (นับ ณ 10 พฤศจิกายน)',
  'lao-type': 'ประเภท อปท. (ตัวย่อ)',
  'institution-kind': 'school = โรงเรียน, cdc = ศูนย์พัฒนาเด็กเล็ก',
  status: 'open = เปิด, closed = ปิด',
};

/** Kinds whose rule above already names every value. */
const VALUES_IN_HOW_TO: ReadonlySet<FieldKind> = new Set(['term', 'institution-kind', 'status']);

/** How to fill one column, in Thai: its own note (or else the rule of its kind), then its allowed values. */
export function fieldHowTo(field: FieldDef, reference: TemplateLookups): string {
  const rule = field.note ?? HOW_TO[field.kind];
  const choices = choicesForKind(field.kind, reference);
  return choices && !VALUES_IN_HOW_TO.has(field.kind) ? `${rule} | ค่าที่ใช้ได้: ${choices.join(', ')}` : rule;
}
