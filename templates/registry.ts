import { field, type TableDef } from './fields.ts';

/**
 * The registry workbook: every LAO, institution and known other-affiliation school. It is the
 * denominator of completeness and the reference every upload is checked against.
 */
export const REGISTRY_LAOS: TableDef = {
  sheet: 'อปท',
  columns: [
    field('lao_code', 'รหัส อปท.', 'code', true, { width: 12 }),
    field('lao_name', 'ชื่อ อปท.', 'text', true, { width: 30 }),
    field('lao_type', 'ประเภท อปท.', 'lao-type', true, { width: 12 }),
    field('province_code', 'รหัสจังหวัด', 'code', true, { width: 10 }),
    field('district', 'อำเภอ', 'text', true, { width: 18 }),
    // Optional contact for reminders (added later; registries without these columns still load).
    field('contact_name', 'ผู้ประสานงาน', 'text', false, { width: 22 }),
    field('contact_email', 'อีเมลผู้ประสานงาน', 'text', false, {
      width: 26,
      aliases: ['อีเมล', 'e-mail', 'email'],
    }),
    field('contact_phone', 'โทรศัพท์ผู้ประสานงาน', 'text', false, { width: 14, aliases: ['โทรศัพท์', 'เบอร์โทร'] }),
  ],
};

export const REGISTRY_INSTITUTIONS: TableDef = {
  sheet: 'สถานศึกษา',
  columns: [
    field('institution_code', 'รหัสสถานศึกษา', 'code', true, { width: 14 }),
    field('institution_name', 'ชื่อสถานศึกษา', 'text', true, { width: 34 }),
    field('kind', 'ประเภท', 'institution-kind', true, {
      width: 10,
      note: 'school = โรงเรียน, cdc = ศูนย์พัฒนาเด็กเล็ก',
    }),
    field('lao_code', 'รหัส อปท.', 'code', true, { width: 12 }),
    field('status', 'สถานะ', 'status', true, { width: 8, note: 'open = เปิด, closed = ปิด' }),
  ],
};

export const REGISTRY_OTHER_SCHOOLS: TableDef = {
  sheet: 'โรงเรียนสังกัดอื่น',
  columns: [
    field('school_code', 'รหัสโรงเรียน', 'code', true, { width: 14 }),
    field('school_name', 'ชื่อโรงเรียน', 'text', true, { width: 34 }),
    field('affiliation', 'สังกัด', 'text', true, { width: 10 }),
    field('lao_code', 'รหัส อปท.', 'code', true, { width: 12 }),
  ],
};

export const REGISTRY_TABLES: readonly TableDef[] = [
  REGISTRY_LAOS,
  REGISTRY_INSTITUTIONS,
  REGISTRY_OTHER_SCHOOLS,
];
export const REGISTRY_VERSION = '1';
