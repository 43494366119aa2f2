import type { AnyReport } from './compile-reports.ts';
import type { Form2Subtotal, LevelCounts } from './form2.ts';
import { LEVEL_KEYS } from './form2.ts';
import type { AgeCounts, Form5Subtotal } from './form5.ts';
import { AGE_KEYS } from './form5.ts';
import type { ReportHeader, SexCount } from './report-types.ts';
import { THAI_MONTH_NAMES } from '../dates/thai-date.ts';

/** How a column's numbers print: counts with thousands separators, baht with two decimals. */
export type ColumnKind = 'text' | 'count' | 'money';

export interface SheetColumn {
  /** The upper header; columns sharing it side by side are merged under it. */
  readonly group: string;
  /** The lower header, or null when the upper one spans both header rows. */
  readonly label: string | null;
  readonly kind: ColumnKind;
  readonly width: number;
}

export type SheetCell = string | number | null;

export interface SheetRow {
  readonly kind: 'detail' | 'subtotal' | 'total';
  readonly cells: readonly SheetCell[];
}

/**
 * A compiled form laid out as the clerk prints it: title, header block, two-level column headers
 * and rows with subtotals in place. The .xlsx writer and the HTML view both render this, so the
 * three outputs cannot disagree.
 */
export interface ReportSheet {
  readonly form: AnyReport['form'];
  readonly title: string;
  readonly headerLines: readonly string[];
  readonly columns: readonly SheetColumn[];
  readonly rows: readonly SheetRow[];
}

/** The printed title of each form (Thai), as its sheet and page show it. */
export const TITLES: Record<AnyReport['form'], string> = {
  form2: 'แบบ 2 ข้อมูลการจัดการศึกษาของโรงเรียนในสังกัดองค์กรปกครองส่วนท้องถิ่น',
  form3: 'แบบ 3 ข้อมูลองค์กรปกครองส่วนท้องถิ่นที่จัดการศึกษา',
  form4: 'แบบ 4 ข้อมูลนักเรียนโรงเรียนสังกัดอื่น (อ.1–ป.6) ที่ อปท. จัดสรรอาหารกลางวันและอาหารเสริม (นม)',
  form5: 'แบบ 5 ข้อมูลศูนย์พัฒนาเด็กเล็ก',
  subsidy: 'ประมาณการเงินอุดหนุนค่าอาหารกลางวันและอาหารเสริม (นม)',
};

/** `2019-11-10` → `10 พฤศจิกายน 2562`. */
export function thaiDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${THAI_MONTH_NAMES[m - 1] ?? ''} ${y + 543}`;
}

function headerLines(h: ReportHeader, notSubmittedLabel: string, extra: string[] = []): string[] {
  const [year, term] = h.round.split('-');
  return [
    `จังหวัด${h.provinceName} (${h.province})  ภาคเรียนที่ ${term}/${year} (รอบ ${h.round})  ข้อมูล ณ วันที่ ${thaiDate(h.referenceDate)}`,
    `ตัดข้อมูล ณ ${h.cutOffBangkok ? `${h.cutOffBangkok} น. (เวลาประเทศไทย)` : '- (ยังไม่มีข้อมูล)'}  ${notSubmittedLabel} ${h.notSubmitted.toLocaleString('en')} แห่ง`,
    ...extra,
  ];
}

const text = (group: string, width = 12, label: string | null = null): SheetColumn => ({
  group,
  label,
  kind: 'text',
  width,
});
const count = (group: string, label: string | null = null, width = 7): SheetColumn => ({
  group,
  label,
  kind: 'count',
  width,
});
const sexColumns = (group: string, withTotal = true): SheetColumn[] => [
  count(group, 'ชาย'),
  count(group, 'หญิง'),
  ...(withTotal ? [count(group, 'รวม')] : []),
];
const sexCells = (c: SexCount, withTotal = true): number[] => [
  c.male,
  c.female,
  ...(withTotal ? [c.total] : []),
];

const LEVEL_TH = ['อนุบาล', 'ประถม', 'ม.ต้น', 'ม.ปลาย', 'อาชีวะ'];
const levelCells = (p: LevelCounts) => [...LEVEL_KEYS.flatMap((k) => sexCells(p[k])), ...sexCells(p.total)];
const AGE_TH = ['อายุ 2 ปี', 'อายุ 3 ปี', 'อายุ 4 ปี', 'อายุ 5 ปีขึ้นไป'];
const ageCells = (c: AgeCounts) => [...AGE_KEYS.flatMap((k) => sexCells(c[k], false)), ...sexCells(c.total)];

/**
 * Detail rows in order, each LAO's subtotal after its last row (then each district's, when
 * district totals are given), and the province's total last.
 */
function withSubtotals<R extends { laoCode: string; laoName: string; district: string }, T>(
  rows: readonly R[],
  detail: (row: R) => SheetCell[],
  totalRow: (label: string, t: T, kind: SheetRow['kind']) => SheetRow,
  totals: { province: T; lao: ReadonlyArray<T & { laoCode: string | null }> },
  districtTotals?: ReadonlyArray<T & { district: string }>,
): SheetRow[] {
  const laoTotals = new Map(totals.lao.map((t) => [t.laoCode, t]));
  const districts = new Map(districtTotals?.map((t) => [t.district, t]));
  const out: SheetRow[] = [];
  rows.forEach((row, i) => {
    out.push({ kind: 'detail', cells: detail(row) });
    const next = rows[i + 1];
    if (next?.laoCode !== row.laoCode) {
      const t = laoTotals.get(row.laoCode);
      if (t) out.push(totalRow(`รวม ${row.laoName}`, t, 'subtotal'));
    }
    if (districtTotals && next?.district !== row.district) {
      const t = districts.get(row.district);
      if (t) out.push(totalRow(`รวมอำเภอ${row.district}`, t, 'subtotal'));
    }
  });
  out.push(totalRow('รวมทั้งจังหวัด', totals.province, 'total'));
  return out;
}

/** Lays out a compiled form for print. */
export function reportSheet(compiled: AnyReport): ReportSheet {
  switch (compiled.form) {
    case 'form2':
      return form2Sheet(compiled.report);
    case 'form3':
      return form3Sheet(compiled.report);
    case 'form4':
      return form4Sheet(compiled.report);
    case 'form5':
      return form5Sheet(compiled.report);
    case 'subsidy':
      return subsidySheet(compiled.report);
  }
}

type Compiled<F extends AnyReport['form']> = Extract<AnyReport, { form: F }>['report'];

function form2Sheet(r: Compiled<'form2'>): ReportSheet {
  const columns = [
    text('อำเภอ', 14),
    text('อปท.', 22),
    text('รหัสสถานศึกษา', 13),
    text('ชื่อสถานศึกษา', 28),
    count('โรงเรียน', 'จำนวน'),
    count('โรงเรียน', 'ส่งข้อมูล'),
    ...LEVEL_TH.flatMap((l) => sexColumns(l)),
    ...sexColumns('รวม'),
    count('ครู', null),
    count('ห้องเรียน', null),
  ];
  const subtotalRow = (label: string, t: Form2Subtotal, kind: SheetRow['kind']): SheetRow => ({
    kind,
    cells: [
      label,
      null,
      null,
      null,
      t.schools,
      t.schoolsSubmitted,
      ...levelCells(t.pupils),
      t.teachers,
      t.classrooms,
    ],
  });
  const rows = withSubtotals(
    r.rows,
    (row) => [
      row.district,
      row.laoName,
      row.institutionCode,
      row.institutionName,
      1,
      row.submitted ? 1 : 0,
      ...levelCells(row.pupils),
      row.teachers,
      row.classrooms,
    ],
    subtotalRow,
    { province: r.totals, lao: r.extra.laoTotals },
    r.extra.districtTotals,
  );
  return {
    form: 'form2',
    title: TITLES.form2,
    headerLines: headerLines(r.header, 'โรงเรียนที่ยังไม่ส่งข้อมูล'),
    columns,
    rows,
  };
}

function form3Sheet(r: Compiled<'form3'>): ReportSheet {
  const columns = [
    text('ประเภท อปท.', 16),
    count('จำนวน อปท.', null, 10),
    count('อปท. ที่จัดการศึกษา', 'โรงเรียนอย่างเดียว', 12),
    count('อปท. ที่จัดการศึกษา', 'ศพด. อย่างเดียว', 12),
    count('อปท. ที่จัดการศึกษา', 'ทั้งโรงเรียนและ ศพด.', 12),
    count('อปท. ที่จัดการศึกษา', 'ไม่ได้จัด', 12),
    count('จำนวนโรงเรียน', null, 11),
    count('จำนวน ศพด.', null, 11),
  ];
  const cells = (t: Compiled<'form3'>['totals']) => [
    t.laos,
    t.runSchools,
    t.runCdcs,
    t.runBoth,
    t.runNeither,
    t.schools,
    t.cdcs,
  ];
  return {
    form: 'form3',
    title: TITLES.form3,
    headerLines: headerLines(r.header, 'สถานศึกษาที่ยังไม่ส่งข้อมูล'),
    columns,
    rows: [
      ...r.rows.map((row): SheetRow => ({ kind: 'detail', cells: [row.laoTypeTh, ...cells(row)] })),
      { kind: 'total', cells: ['รวมทั้งจังหวัด', ...cells(r.totals)] },
    ],
  };
}

const GRADE_TH: Record<string, string> = {
  k1: 'อ.1',
  k2: 'อ.2',
  k3: 'อ.3',
  p1: 'ป.1',
  p2: 'ป.2',
  p3: 'ป.3',
  p4: 'ป.4',
  p5: 'ป.5',
  p6: 'ป.6',
};

function form4Sheet(r: Compiled<'form4'>): ReportSheet {
  const keys = Object.keys(r.totals.pupils).filter((k) => k !== 'total');
  const columns = [
    text('อำเภอ', 14),
    text('อปท.', 22),
    text('รหัส อปท.', 10),
    count('ส่งข้อมูล', null),
    count('โรงเรียนสังกัดอื่น', 'ที่บันทึก', 9),
    count('โรงเรียนสังกัดอื่น', 'ในทะเบียน', 9),
    ...keys.flatMap((k) => sexColumns(GRADE_TH[k] ?? k, false)),
    ...sexColumns('รวม อ.1–ป.6'),
    count('ผู้มีสิทธิ์', 'อาหารกลางวัน', 10),
    count('ผู้มีสิทธิ์', 'นม', 10),
  ];
  const pupilCells = (p: Record<string, SexCount>) => [
    ...keys.flatMap((k) => sexCells(p[k]!, false)),
    ...sexCells(p.total!),
  ];
  const t = r.totals;
  return {
    form: 'form4',
    title: TITLES.form4,
    headerLines: headerLines(r.header, 'อปท. ที่ยังไม่ส่งข้อมูล'),
    columns,
    rows: [
      ...r.rows.map((row): SheetRow => ({
        kind: 'detail',
        cells: [
          row.district,
          row.laoName,
          row.laoCode,
          row.submitted ? 1 : 0,
          row.schoolsRecorded,
          row.schoolsKnown,
          ...pupilCells(row.pupils),
          row.lunchEligible,
          row.milkEligible,
        ],
      })),
      {
        kind: 'total',
        cells: [
          'รวมทั้งจังหวัด',
          null,
          null,
          t.laosSubmitted,
          t.schoolsRecorded,
          t.schoolsKnown,
          ...pupilCells(t.pupils),
          t.lunchEligible,
          t.milkEligible,
        ],
      },
    ],
  };
}

function form5Sheet(r: Compiled<'form5'>): ReportSheet {
  const columns = [
    text('อำเภอ', 14),
    text('อปท.', 22),
    text('รหัสศูนย์', 13),
    text('ชื่อศูนย์พัฒนาเด็กเล็ก', 28),
    count('ศูนย์', 'ในทะเบียน'),
    count('ศูนย์', 'ส่งข้อมูล'),
    ...AGE_TH.flatMap((a) => sexColumns(a, false)),
    ...sexColumns('รวม'),
    count('ผู้ดูแลเด็ก', null),
    count('ครู', null),
  ];
  const subtotalRow = (label: string, t: Form5Subtotal, kind: SheetRow['kind']): SheetRow => ({
    kind,
    cells: [
      label,
      null,
      null,
      null,
      t.centresRegistered,
      t.centresSubmitted,
      ...ageCells(t.children),
      t.caregivers,
      t.teachers,
    ],
  });
  const rows = withSubtotals(
    r.rows,
    (row) => [
      row.district,
      row.laoName,
      row.institutionCode,
      row.institutionName,
      1,
      row.submitted ? 1 : 0,
      ...ageCells(row.children),
      row.caregivers,
      row.teachers,
    ],
    subtotalRow,
    { province: r.totals, lao: r.extra.laoTotals },
  );
  return {
    form: 'form5',
    title: TITLES.form5,
    headerLines: headerLines(r.header, 'ศูนย์ที่ยังไม่ส่งข้อมูล'),
    columns,
    rows,
  };
}

const KIND_TH = { school: 'โรงเรียน อปท.', cdc: 'ศพด.', 'other-school': 'โรงเรียนสังกัดอื่น' } as const;

function subsidySheet(r: Compiled<'subsidy'>): ReportSheet {
  const money = (group: string, label: string | null, width = 13): SheetColumn => ({
    group,
    label,
    kind: 'money',
    width,
  });
  const columns = [
    text('อำเภอ', 14),
    text('อปท.', 22),
    text('รหัส', 13),
    text('สถานศึกษา', 28),
    text('ประเภท', 14),
    count('ส่งข้อมูล', null),
    count('นักเรียนทั้งหมด', null, 9),
    count('อาหารกลางวัน', 'จำนวนเด็ก', 9),
    money('อาหารกลางวัน', 'บาท/วัน', 8),
    count('อาหารกลางวัน', 'วัน', 6),
    money('อาหารกลางวัน', 'จำนวนเงิน'),
    count('อาหารเสริม (นม)', 'จำนวนเด็ก', 9),
    money('อาหารเสริม (นม)', 'บาท/วัน', 8),
    count('อาหารเสริม (นม)', 'วัน', 6),
    money('อาหารเสริม (นม)', 'จำนวนเงิน'),
    money('รวมเงิน', null, 14),
  ];
  const totalRow = (label: string, t: Compiled<'subsidy'>['totals'], kind: SheetRow['kind']): SheetRow => ({
    kind,
    cells: [
      label,
      null,
      null,
      null,
      null,
      null,
      t.enrolment,
      t.lunchHeadcount,
      null,
      null,
      t.lunchBaht,
      t.milkHeadcount,
      null,
      null,
      t.milkBaht,
      t.totalBaht,
    ],
  });
  const rows = withSubtotals(
    r.rows,
    (row) => [
      row.district,
      row.laoName,
      row.institutionCode,
      row.institutionName,
      KIND_TH[row.kind],
      row.submitted ? 1 : 0,
      row.enrolment,
      row.lunchHeadcount,
      row.lunchRate,
      row.lunchDays,
      row.lunchBaht,
      row.milkHeadcount,
      row.milkRate,
      row.milkDays,
      row.milkBaht,
      row.totalBaht,
    ],
    totalRow,
    { province: r.totals, lao: r.extra.laoTotals },
  );
  return {
    form: 'subsidy',
    title: TITLES.subsidy,
    headerLines: headerLines(r.header, 'สถานศึกษาที่ยังไม่ส่งข้อมูล', [
      `ปีงบประมาณ ${r.extra.fiscalYear}  อัตราตาม data/subsidy-rates.csv  กลุ่มข้อมูลซ้ำที่ยังไม่ยุติ ${r.extra.pendingClusters.toLocaleString('en')} กลุ่ม (นับเด็กครั้งเดียว)`,
    ]),
    columns,
    rows,
  };
}
