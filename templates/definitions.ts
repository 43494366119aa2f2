import { field, type FieldDef, type InfoSheetDef, type TableDef } from './fields.ts';

export type TemplateId = 'sis-students' | 'ccis-children' | 'other-schools';
/** Who a workbook speaks for: a school, a child development centre, or an LAO. */
export type SubjectKind = 'school' | 'cdc' | 'lao';

export interface TemplateDef {
  readonly id: TemplateId;
  readonly version: string;
  readonly titleTh: string;
  readonly subject: SubjectKind;
  readonly info: InfoSheetDef;
  readonly roster: TableDef;
}

/** The hidden sheet that stamps a blank workbook with its template id and version. */
export const STAMP_SHEET = '_template';

const personColumns = {
  nationalId: field('national_id', 'เลขประจำตัวประชาชน', 'person-id', true, {
    aliases: ['เลขบัตรประชาชน', 'เลขประจำตัวประชาชน 13 หลัก', 'เลขประจำตัว', 'รหัสประจำตัวประชาชน', 'cid', 'id'],
    width: 18,
    note: 'เลข 13 หลัก หรือรหัส G 13 หลัก (กรอกเป็นข้อความ)',
  }),
  prefix: field('prefix', 'คำนำหน้า', 'prefix', true, { aliases: ['คำนำหน้าชื่อ', 'title'], width: 11 }),
  firstName: field('first_name', 'ชื่อ', 'name', true, { aliases: ['ชื่อจริง', 'firstname', 'name'], width: 16 }),
  lastName: field('last_name', 'นามสกุล', 'name', true, {
    aliases: ['สกุล', 'lastname', 'surname'],
    width: 18,
  }),
  sex: field('sex', 'เพศ', 'sex', false, { aliases: ['gender'], width: 7 }),
  birthDate: field('birth_date', 'วันเดือนปีเกิด', 'date', true, {
    aliases: ['วันเกิด', 'วัน/เดือน/ปีเกิด', 'วันเดือนปี เกิด', 'dob', 'birthdate'],
    width: 14,
    note: 'วว/ดด/ปปปป (พ.ศ.) เช่น 05/03/2555',
  }),
  nationality: field('nationality', 'สัญชาติ', 'text', false, { width: 10 }),
  disability: field('disability', 'ความพิการ', 'disability', false, {
    aliases: ['ประเภทความพิการ'],
    width: 26,
  }),
  disadvantage: field('disadvantage', 'ความด้อยโอกาส', 'disadvantage', false, {
    aliases: ['ประเภทความด้อยโอกาส', 'ด้อยโอกาส'],
    width: 26,
  }),
} as const;

const academicYear = field('academic_year', 'ปีการศึกษา', 'year', true, { note: 'ปี พ.ศ. เช่น 2562' });
const term = field('term', 'ภาคเรียนที่', 'term', true, { aliases: ['ภาคเรียน'] });

export const SIS_STUDENTS: TemplateDef = {
  id: 'sis-students',
  version: '1',
  titleTh: 'ข้อมูลนักเรียนรายบุคคล โรงเรียนสังกัดองค์กรปกครองส่วนท้องถิ่น',
  subject: 'school',
  info: {
    name: 'ข้อมูลสถานศึกษา',
    fields: [
      field('institution_code', 'รหัสสถานศึกษา', 'code', true, { aliases: ['รหัสโรงเรียน'] }),
      academicYear,
      term,
      field('teachers', 'จำนวนครู', 'count', false),
      field('classrooms', 'จำนวนห้องเรียน', 'count', false),
    ],
  },
  roster: {
    sheet: 'นักเรียน',
    columns: [
      personColumns.nationalId,
      personColumns.prefix,
      personColumns.firstName,
      personColumns.lastName,
      personColumns.sex,
      personColumns.birthDate,
      field('grade', 'ชั้น', 'grade', true, { aliases: ['ระดับชั้น', 'ชั้นเรียน'], width: 8 }),
      field('room', 'ห้อง', 'text', false, { aliases: ['ห้องเรียน'], width: 7 }),
      personColumns.nationality,
      personColumns.disability,
      personColumns.disadvantage,
    ],
  },
};

export const CCIS_CHILDREN: TemplateDef = {
  id: 'ccis-children',
  version: '1',
  titleTh: 'ข้อมูลเด็กรายบุคคล ศูนย์พัฒนาเด็กเล็ก',
  subject: 'cdc',
  info: {
    name: 'ข้อมูลศูนย์',
    fields: [
      field('institution_code', 'รหัสศูนย์', 'code', true, { aliases: ['รหัสศูนย์พัฒนาเด็กเล็ก', 'รหัสสถานศึกษา'] }),
      academicYear,
      term,
      field('caregivers', 'จำนวนครูผู้ดูแลเด็ก', 'count', false, { aliases: ['ผู้ดูแลเด็ก'] }),
      field('teachers', 'จำนวนครู', 'count', false),
    ],
  },
  roster: {
    sheet: 'เด็ก',
    columns: [
      personColumns.nationalId,
      personColumns.prefix,
      personColumns.firstName,
      personColumns.lastName,
      personColumns.sex,
      personColumns.birthDate,
      personColumns.nationality,
      personColumns.disability,
      personColumns.disadvantage,
    ],
  },
};

/** The grades whose lunch and milk an LAO pays in other-affiliation schools, with their column keys. */
export const OTHER_SCHOOL_GRADES = [
  ['อ.1', 'k1'],
  ['อ.2', 'k2'],
  ['อ.3', 'k3'],
  ['ป.1', 'p1'],
  ['ป.2', 'p2'],
  ['ป.3', 'p3'],
  ['ป.4', 'p4'],
  ['ป.5', 'p5'],
  ['ป.6', 'p6'],
] as const;

/** The count columns of the other-schools template: `อ.1 ชาย` (k1_male) … `ป.6 หญิง` (p6_female). */
export function otherSchoolCountColumns(): FieldDef[] {
  return OTHER_SCHOOL_GRADES.flatMap(([grade, key]) => [
    field(`${key}_male`, `${grade} ชาย`, 'count', false, { width: 8 }),
    field(`${key}_female`, `${grade} หญิง`, 'count', false, { width: 8 }),
  ]);
}

export const OTHER_SCHOOLS: TemplateDef = {
  id: 'other-schools',
  version: '1',
  titleTh: 'ข้อมูลจำนวนนักเรียนโรงเรียนสังกัดอื่นในเขตองค์กรปกครองส่วนท้องถิ่น',
  subject: 'lao',
  info: {
    name: 'ข้อมูล อปท.',
    fields: [
      field('lao_code', 'รหัส อปท.', 'code', true, { aliases: ['รหัสองค์กรปกครองส่วนท้องถิ่น'] }),
      academicYear,
      term,
    ],
  },
  roster: {
    sheet: 'โรงเรียนสังกัดอื่น',
    columns: [
      field('school_code', 'รหัสโรงเรียน', 'code', true, { width: 14 }),
      field('school_name', 'ชื่อโรงเรียน', 'text', true, { width: 30 }),
      field('affiliation', 'สังกัด', 'text', true, { width: 10 }),
      ...otherSchoolCountColumns(),
    ],
  },
};

export const TEMPLATES: readonly TemplateDef[] = [SIS_STUDENTS, CCIS_CHILDREN, OTHER_SCHOOLS];

export function templateById(id: string): TemplateDef | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
