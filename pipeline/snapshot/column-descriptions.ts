/**
 * What every table, view and column of the snapshot means, in Thai and English: the source of
 * docs/data-dictionary.md (`npm run docs:dictionary`). A column is described by its name, the
 * same everywhere it appears; `TABLE_COLUMNS` overrides a name where one table means more.
 * A test fails when a published column has no description here.
 */
export interface Text {
  readonly th: string;
  readonly en: string;
}

const t = (th: string, en: string): Text => ({ th, en });

export const TABLE_TEXT: Readonly<Record<string, Text>> = {
  provinces: t('จังหวัด', 'Provinces (reference data)'),
  rounds: t(
    'รอบการสำรวจ (ปีการศึกษาและภาคเรียน) และช่วงเวลารับข้อมูล',
    'Rounds (academic year and term) and their data-entry windows',
  ),
  laos: t('องค์กรปกครองส่วนท้องถิ่น (ทะเบียน)', 'Local administrative organisations (registry)'),
  institutions: t('สถานศึกษาและศูนย์พัฒนาเด็กเล็ก (ทะเบียน)', 'Schools and child development centres (registry)'),
  other_schools: t(
    'โรงเรียนสังกัดอื่นที่ อปท. จ่ายค่าอาหารกลางวัน/นม (ทะเบียน)',
    'Other-affiliation schools whose lunch and milk an LAO pays (registry)',
  ),
  registry_loads: t('ประวัติการนำเข้าทะเบียน', 'Registry loads'),
  window_exceptions: t('การขยายเวลาส่งข้อมูลให้ อปท. รายแห่ง', 'Late-upload exceptions granted to one LAO'),
  submissions: t('ไฟล์ที่ส่งเข้ามาแต่ละครั้ง และผลการตรวจ', 'Every uploaded file and its outcome'),
  issues: t('ปัญหาที่พบในไฟล์ (รายเซลล์)', 'Problems found in files, cell by cell'),
  pupils: t('นักเรียนรายคน (เฉพาะไฟล์ปัจจุบัน)', 'Pupils, one row per roster row of a current file'),
  children: t(
    'เด็กเล็กรายคนในศูนย์พัฒนาเด็กเล็ก (เฉพาะไฟล์ปัจจุบัน)',
    'CDC children, one row per roster row of a current file',
  ),
  other_school_counts: t(
    'จำนวนนักเรียนโรงเรียนสังกัดอื่น รายชั้นและเพศ',
    'Other-affiliation school pupils by grade and sex',
  ),
  institution_facts: t(
    'ข้อมูลทั่วไปของสถานศึกษา (ครู ห้องเรียน ผู้ดูแลเด็ก)',
    "An institution's info sheet (teachers, classrooms, caregivers)",
  ),
  dedup_runs: t('การตรวจหาข้อมูลซ้ำแต่ละครั้ง', 'Duplicate-detection runs'),
  dedup_clusters: t('กลุ่มข้อมูลที่อาจซ้ำกัน', 'Clusters of possibly duplicated records'),
  dedup_members: t('สมาชิกของกลุ่มข้อมูลซ้ำ (รายระเบียน)', 'Member records of duplicate clusters'),
  dedup_pairs: t('คู่ระเบียนที่จับได้ว่าซ้ำ พร้อมคะแนน', 'Matched pairs with their score'),
  dedup_decisions: t('คำตอบของสถานศึกษาต่อระเบียนที่ถูกตั้งข้อสังเกต', 'Answers of institutions about flagged records'),
  dedup_not_same: t('คู่ระเบียนที่ยืนยันว่าเป็นคนละคน', 'Pairs marked as different children'),
  dedup_school_claims: t(
    'โรงเรียนสังกัดอื่นที่ อปท. มากกว่าหนึ่งแห่งรายงาน',
    'Other-affiliation schools claimed by two or more LAOs',
  ),
  record_decisions: t('การทำเครื่องหมายรหัสผลบนระเบียนใดก็ได้', 'Outcome marks on any counted record'),
  schema_migrations: t('รุ่นของโครงสร้างฐานข้อมูล', 'Applied schema migrations'),
  dedup_current_decisions: t('คำตอบล่าสุดต่อระเบียน (view)', 'The latest decision per record (view)'),
  counted_persons: t(
    'นักเรียนและเด็กที่นับ (ไม่รวมที่ตอบ 201–206) (view)',
    'Pupils and children that count; records answered 201–206 left out (view)',
  ),
  dedup_cluster_status: t('สถานะของกลุ่มข้อมูลซ้ำ (view)', 'Where each duplicate cluster stands (view)'),
  pupil_counts: t(
    'จำนวนนักเรียน/เด็กที่นับ รายสถานศึกษา ชั้น และเพศ (view คงที่)',
    'Counted pupils and children per institution, grade and sex (stable view)',
  ),
  submission_status: t(
    'สถานะการส่งข้อมูลของสถานศึกษาที่ต้องส่ง (view คงที่)',
    'Submission status of every expected institution (stable view)',
  ),
  issue_summary: t(
    'สรุปจำนวนปัญหาตามรหัส (view คงที่)',
    'Issues per institution, code and severity (stable view)',
  ),
  duplicate_members: t(
    'สมาชิกกลุ่มข้อมูลซ้ำพร้อมคำตอบ (view คงที่)',
    'Duplicate-cluster members with their answer (stable view)',
  ),
  round_changes: t(
    'จำนวนที่คงอยู่ เข้าใหม่ และออก ระหว่างรอบติดกัน (view คงที่)',
    'Stayed, joined and left between consecutive rounds (stable view)',
  ),
  round_moves: t(
    'รายคนที่มีในรอบหนึ่งแต่ไม่พบในรอบถัดไป โดยไม่มีคำตอบว่าย้าย/จบ (view คงที่)',
    'People in one round absent from the next without a transfer answer (stable view)',
  ),
  snapshot_info: t('สแนปช็อตนี้ถ่ายเมื่อใด', 'Which snapshot this is and when it was taken'),
};

export const COLUMN_TEXT: Readonly<Record<string, Text>> = {
  a_institution_code: t('รหัสสถานศึกษาของระเบียนแรก', 'institution of the first record'),
  a_national_id: t('เลขประจำตัวของระเบียนแรก', 'ID of the first record'),
  academic_year: t('ปีการศึกษา (พ.ศ.)', 'academic year (BE)'),
  affiliation: t('สังกัด', 'affiliation'),
  age_group: t('กลุ่มอายุ ณ วันอ้างอิง (2–5)', 'age group at the reference date (2–5)'),
  applied_at: t('เวลาที่ปรับโครงสร้าง', 'when applied'),
  as_of: t('เวลาที่ใช้ตรวจช่วงรับข้อมูล', 'the instant the window check used'),
  attending: t('จำนวนระเบียนที่ตอบ 100', 'records answered 100'),
  b_institution_code: t('รหัสสถานศึกษาของระเบียนที่สอง', 'institution of the second record'),
  b_national_id: t('เลขประจำตัวของระเบียนที่สอง', 'ID of the second record'),
  birth_date: t('วันเกิด (ค.ศ.)', 'birth date (CE)'),
  caregivers: t('จำนวนผู้ดูแลเด็ก', 'caregivers'),
  cell: t('ตำแหน่งเซลล์ใน Excel เช่น C14', 'Excel cell, e.g. C14'),
  classrooms: t('จำนวนห้องเรียน', 'classrooms'),
  closes_at: t('เวลาปิดรับข้อมูล (UTC)', 'window closes (UTC)'),
  cluster_id: t('รหัสกลุ่มข้อมูลซ้ำ (คงที่ข้ามการตรวจ)', 'duplicate cluster id (stable across runs)'),
  code: t('รหัสปัญหา area/kind', 'issue code area/kind'),
  column_header: t('หัวคอลัมน์ตามที่เห็นในไฟล์', 'column header as in the file'),
  counts_in_totals: t('นับในยอดรวมจังหวัด/ประเทศหรือไม่', 'counts in province and national totals'),
  decided_at: t('เวลาที่ตอบ', 'when decided'),
  decided_by: t('ผู้ตอบ', 'who decided'),
  decision_id: t('ลำดับคำตอบ', 'decision number'),
  decision_kind: t('ชนิดคำตอบ: cluster หรือ record', 'cluster answer or record mark'),
  disability: t('ประเภทความพิการ', 'disability type'),
  disadvantage: t('ประเภทความด้อยโอกาส', 'disadvantage type'),
  district: t('อำเภอ', 'district'),
  error: t('ข้อความผิดพลาด', 'error text'),
  errors: t('จำนวนข้อผิดพลาด', 'errors'),
  field: t('ชื่อฟิลด์ของแม่แบบ', 'template field key'),
  file_group: t('กลุ่มไฟล์ที่ประมวลผลด้วยกัน', 'group of files processed together'),
  file_name: t('ชื่อไฟล์', 'file name'),
  file_size: t('ขนาดไฟล์ (ไบต์)', 'file size (bytes)'),
  finished_at: t('เวลาที่เสร็จ', 'when finished'),
  first_name: t('ชื่อ (ข้อมูลส่วนบุคคล)', 'first name (personal data)'),
  flagged_records: t('จำนวนระเบียนที่ถูกตั้งข้อสังเกต', 'flagged records'),
  grade: t('ชั้น เช่น ป.1 (ศพด.: กลุ่มอายุ)', 'grade, e.g. ป.1 (CDCs: the age group)'),
  granted_at: t('เวลาที่อนุญาต', 'when granted'),
  granted_by: t('ผู้อนุญาต', 'who granted'),
  group_id: t('กลุ่มบุคคลเดียวกันข้ามกฎ', 'same-person group across rules'),
  id_kind: t('ชนิดเลข: national-id หรือ g-code', 'national-id or g-code'),
  institution_code: t(
    'รหัสสถานศึกษา/ศพด. (หรือ อปท. ของไฟล์โรงเรียนสังกัดอื่น)',
    'institution code (or the LAO, for other-school files)',
  ),
  institution_name: t('ชื่อสถานศึกษา', 'institution name'),
  institutions: t('จำนวนสถานศึกษา', 'institutions'),
  is_current: t('เป็นไฟล์ปัจจุบันของสถานศึกษาในรอบหรือไม่', 'the current file of its subject and round'),
  kind: t('ชนิด: school หรือ cdc', 'school or cdc'),
  lao_code: t('รหัส อปท.', 'LAO code'),
  lao_name: t('ชื่อ อปท.', 'LAO name'),
  lao_type: t('ประเภท อปท.', 'LAO type'),
  laos: t('จำนวน อปท.', 'LAOs'),
  last_name: t('นามสกุล (ข้อมูลส่วนบุคคล)', 'last name (personal data)'),
  load_id: t('ลำดับการนำเข้าทะเบียน', 'registry load number'),
  loaded_at: t('เวลาที่นำเข้า', 'when loaded'),
  marked_at: t('เวลาที่ทำเครื่องหมาย', 'when marked'),
  marked_by: t('ผู้ทำเครื่องหมาย', 'who marked'),
  member_count: t('จำนวนสมาชิก', 'members'),
  message: t('ข้อความภาษาไทยถึงเจ้าหน้าที่', 'Thai message to the clerk'),
  name: t('ชื่อ', 'name'),
  name_en: t('ชื่อภาษาอังกฤษ', 'English name'),
  name_th: t('ชื่อภาษาไทย', 'Thai name'),
  national_id: t(
    'เลขประจำตัวประชาชน 13 หลัก หรือรหัส G (ข้อมูลส่วนบุคคล)',
    '13-digit national ID or G-code (personal data)',
  ),
  nationality: t('สัญชาติ', 'nationality'),
  note: t('หมายเหตุ', 'note'),
  opens_at: t('เวลาเปิดรับข้อมูล (UTC)', 'window opens (UTC)'),
  other_schools: t('จำนวนโรงเรียนสังกัดอื่น', 'other-affiliation schools'),
  outcome: t('รหัสผล: 100 อยู่ที่นี่; 201–206 ไม่นับ', 'outcome code: 100 attends here; 201–206 not counted'),
  oversized_blocks: t('จำนวนบล็อกที่ใหญ่เกินจะเทียบ', 'blocks too large to compare'),
  owner_lao_code: t('อปท. เจ้าของโรงเรียนตามทะเบียน', "the registry's owner LAO of the school"),
  person_kind: t('pupil หรือ child', 'pupil or child'),
  prefix: t('คำนำหน้าชื่อ (ข้อมูลส่วนบุคคล)', 'name prefix (personal data)'),
  probable_clusters: t('จำนวนกลุ่มกฎ probable', 'probable clusters'),
  probable_pairs: t('จำนวนคู่กฎ probable', 'probable pairs'),
  province_code: t('รหัสจังหวัด 2 หลัก', '2-digit province code'),
  pupils: t('จำนวนนักเรียน/เด็ก', 'pupils or children'),
  reason: t('เหตุผล', 'reason'),
  reasons: t('เหตุผลของการจับคู่', 'why the records matched'),
  records: t('จำนวนระเบียน', 'records'),
  reference_date: t('วันอ้างอิงการนับ', 'reference date of the count'),
  reports_due: t('วันส่งรายงาน', 'reports due'),
  room: t('ห้อง', 'room'),
  round_id: t('รอบ เช่น 2562-2', 'round, e.g. 2562-2'),
  round: t('รอบ เช่น 2562-2', 'round, e.g. 2562-2'),
  row_number: t('แถวใน Excel', 'Excel row'),
  rows_accepted: t('จำนวนแถวที่รับ', 'rows accepted'),
  rows_rejected: t('จำนวนแถวที่ไม่รับ', 'rows rejected'),
  rows_scanned: t('จำนวนระเบียนที่ตรวจ', 'records scanned'),
  rows_total: t('จำนวนแถวทั้งหมด', 'rows in the file'),
  rule: t(
    'กฎ: same-id, same-name-dob, probable, same-school',
    'rule: same-id, same-name-dob, probable, same-school',
  ),
  run_id: t('ลำดับการตรวจ', 'run number'),
  same_id_clusters: t('จำนวนกลุ่มกฎ same-id', 'same-id clusters'),
  same_id_pairs: t('จำนวนคู่กฎ same-id', 'same-id pairs'),
  same_name_dob_clusters: t('จำนวนกลุ่มกฎ same-name-dob', 'same-name-dob clusters'),
  same_name_dob_pairs: t('จำนวนคู่กฎ same-name-dob', 'same-name-dob pairs'),
  same_school_clusters: t('จำนวนกลุ่มกฎ same-school', 'same-school clusters'),
  school_code: t('รหัสโรงเรียน 10 หลัก', '10-digit school code'),
  school_name: t('ชื่อโรงเรียน', 'school name'),
  score: t('คะแนนความเหมือน 0–1', 'similarity score 0–1'),
  seq: t('ลำดับปัญหาในไฟล์', 'issue number in the file'),
  severity: t('ระดับ: error หรือ warning', 'error or warning'),
  sex: t('เพศ: M หรือ F', 'M or F'),
  sha256: t('SHA-256 ของไฟล์', "the file's SHA-256"),
  sheet: t('ชื่อชีต', 'sheet'),
  source: t('ไฟล์ต้นทาง', 'source file'),
  started_at: t('เวลาเริ่ม', 'when started'),
  status: t('สถานะ', 'status'),
  subject_code: t('สถานศึกษาหรือ อปท. ที่ไฟล์นี้รายงาน', 'the institution or LAO the file reports on'),
  submission_id: t('เลขไฟล์ที่ส่ง (ที่มาของข้อมูล)', 'submission number (lineage)'),
  superseded_by: t('ไฟล์ที่มาแทน', 'the file that replaced it'),
  teachers: t('จำนวนครู', 'teachers'),
  template_id: t('แม่แบบ', 'template'),
  template_version: t('รุ่นแม่แบบ', 'template version'),
  term: t('ภาคเรียน (1, 2)', 'term (1, 2)'),
  threshold: t('เกณฑ์คะแนนกฎ probable', 'probable-rule threshold'),
  unanswered: t('จำนวนระเบียนที่ยังไม่ตอบ', 'records not answered'),
  unresolved_duplicate: t('อยู่ในกลุ่มซ้ำที่ยังไม่ยุติ', 'in an unresolved duplicate group'),
  until: t('ส่งได้ถึง (UTC)', 'may upload until (UTC)'),
  upload_options: t('ตัวเลือกที่ส่งมากับไฟล์', 'options sent with the upload'),
  uploaded_at: t('เวลาที่ส่ง', 'when uploaded'),
  uploaded_by: t('ผู้ส่ง', 'who uploaded'),
  uploader_province: t('จังหวัดของบัญชีผู้ส่ง', "the uploading account's province"),
  value: t('ค่าในเซลล์ที่มีปัญหา', 'the offending value'),
  version: t('รุ่น', 'version'),
  warnings: t('จำนวนคำเตือน', 'warnings'),
  from_round: t('รอบก่อน', 'earlier round'),
  to_round: t('รอบถัดไป', 'next round'),
  stayed: t('จำนวนที่อยู่ทั้งสองรอบ', 'in both rounds'),
  joined: t('จำนวนที่เข้าใหม่ในรอบถัดไป', 'new in the next round'),
  left: t('จำนวนที่ไม่อยู่ในรอบถัดไป', 'gone in the next round'),
  n: t('จำนวน', 'count'),
  submitted_at: t('เวลาที่ส่งไฟล์ล่าสุด', 'when the latest file was sent'),
  snapshot_id: t('รหัสสแนปช็อต', 'snapshot id'),
  snapshot_at: t('เวลาที่ถ่ายสแนปช็อต (UTC)', 'when the snapshot was taken (UTC)'),
};

/** Overrides where one table gives a name a narrower meaning. */
export const TABLE_COLUMNS: Readonly<Record<string, Readonly<Record<string, Text>>>> = {
  submissions: { status: t('queued, accepted, partial, rejected', 'queued, accepted, partial, rejected') },
  submission_status: {
    status: t('accepted, partial, rejected, not-submitted', 'accepted, partial, rejected, not-submitted'),
  },
  institutions: { status: t('open หรือ closed', 'open or closed') },
  dedup_runs: { status: t('สถานะการตรวจ', 'run status') },
  dedup_cluster_status: { status: t('open, resolved, conflict', 'open, resolved, conflict') },
};

/** Columns that say where a row came from (file, sheet, row): follow them back to the clerk's workbook. */
export const LINEAGE_COLUMNS: ReadonlySet<string> = new Set([
  'submission_id',
  'sheet',
  'row_number',
  'file_name',
  'sha256',
  'uploaded_at',
  'uploaded_by',
]);

/** Code lists analysts meet in the columns above. */
export const CODE_LISTS: ReadonlyArray<{
  readonly column: string;
  readonly codes: ReadonlyArray<readonly [string, string]>;
}> = [
  {
    column: 'outcome',
    codes: [
      ['100', 'อยู่ที่นี่ (attends here)'],
      ['201', 'ไม่พบตัว (not found)'],
      ['202', 'จบการศึกษา (graduated)'],
      ['203', 'ย้ายออก (moved out)'],
      ['204', 'ติดต่อไม่ได้ (unreachable)'],
      ['205', 'เสียชีวิต (deceased)'],
      ['206', 'อื่น ๆ พร้อมหมายเหตุ (other, with a note)'],
    ],
  },
  {
    column: 'sex',
    codes: [
      ['M', 'ชาย (male)'],
      ['F', 'หญิง (female)'],
    ],
  },
  {
    column: 'kind',
    codes: [
      ['school', 'โรงเรียน (school)'],
      ['cdc', 'ศูนย์พัฒนาเด็กเล็ก (child development centre)'],
    ],
  },
  {
    column: 'severity',
    codes: [
      ['error', 'ข้อผิดพลาด: แถวไม่ถูกนับ (error)'],
      ['warning', 'คำเตือน (warning)'],
    ],
  },
  {
    column: 'rule',
    codes: [
      ['same-id', 'เลขเดียวกันสองสถานศึกษา (same ID in two institutions)'],
      ['same-name-dob', 'ชื่อ วันเกิด เพศเดียวกัน ต่างเลข (same name, birth date, sex; different IDs)'],
      ['probable', 'น่าจะเป็นคนเดียวกัน (probably the same person)'],
      ['same-school', 'โรงเรียนสังกัดอื่นถูกรายงานโดยหลาย อปท. (school claimed by two LAOs)'],
    ],
  },
  {
    column: 'id_kind',
    codes: [
      ['national-id', 'เลขประจำตัวประชาชน 13 หลัก'],
      ['g-code', 'รหัส G สำหรับผู้ไม่มีเลขประจำตัว'],
    ],
  },
];
