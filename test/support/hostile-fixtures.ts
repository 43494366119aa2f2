import type { RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { badChecksum, SMALL_REGISTRY, validId } from './fixtures.ts';

/** Markup a page must show as text, never as markup: one per place hostile text can come from. */
export const XSS = {
  firstName: '<script>alert("first")</script>',
  lastName: '<img src=x onerror=alert("last")>',
  pendingName: '<iframe srcdoc="<b>pending</b>">',
  school: '<script>alert("school")</script>โรงเรียน',
  lao: '<img src=x onerror=alert("lao")>',
  /** A sheet name: at most 31 characters, none of `[]:*?/\`. */
  sheet: '<svg onload=alert("sheet")>',
  /** A file name: no slash (a path part is dropped). */
  file: '<img src=y onerror=alert(1)>.xlsx',
} as const;

/** Raw fragments no HTML answer may hold: any of them would run in a browser. */
export const RAW_MARKUP = [/<script>alert/u, /<img src=[xy] onerror/u, /<svg onload/u, /<iframe srcdoc/u];

/** Text a spreadsheet would run as a formula, or as a DDE command, if exported as is. */
export const FORMULAS = [
  '=HYPERLINK("http://evil.test","click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
] as const;

/** Open Loei (42) schools named with formulas: nothing is ever uploaded for them, so the chase list names them. */
export const FORMULA_SCHOOLS = FORMULAS.map((name, i) => ({
  institution_code: `30420001${String(i).padStart(2, '0')}`,
  institution_name: name,
}));

export const XSS_SCHOOL = '3042000002';

/** The small registry, with a school and an LAO named in markup and the formula-named schools. */
export const HOSTILE_REGISTRY: RegistryRecords = {
  ...SMALL_REGISTRY,
  laos: SMALL_REGISTRY.laos.map((l) => (l.lao_code === '4200102' ? { ...l, lao_name: XSS.lao } : l)),
  institutions: [
    ...SMALL_REGISTRY.institutions,
    {
      institution_code: XSS_SCHOOL,
      institution_name: XSS.school,
      kind: 'school',
      lao_code: '4200102',
      status: 'open',
    },
    ...FORMULA_SCHOOLS.map((s) => ({
      ...s,
      kind: 'school' as const,
      lao_code: '4200101',
      status: 'open' as const,
    })),
  ],
};

/** The fixture's national IDs: none may reach a log, Redis or a viewer in full. */
export const IDS = {
  a: validId('110370250031'),
  b: validId('110370250032'),
  bad: badChecksum(validId('110370250033')),
  pending: validId('110370250034'),
} as const;

/** Names of the fixture's children that are not markup (so a leak is found as plain text). */
export const PLAIN_NAMES = ['ลีลาวดีทดสอบ', 'ชบาทดสอบ'] as const;

function child(nationalId: string, firstName: string, lastName: string): RosterRow {
  return {
    national_id: nationalId,
    prefix: 'ด.ญ.',
    first_name: firstName,
    last_name: lastName,
    sex: 'หญิง',
    birth_date: '01/02/2556',
    grade: 'ป.1',
  };
}

/**
 * School 3042000001's roster: a child named in markup with a formula for a surname, two plain
 * ones, one whose ID fails its checksum (an issue whose value is the ID); the roster sheet named
 * in markup and a real formula beside the table.
 */
export function hostileRoster(firstOfA: string = XSS.firstName): Promise<Uint8Array> {
  return writeRosterWorkbook(SIS_STUDENTS, {
    info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
    rosterSheet: XSS.sheet,
    rows: [
      child(IDS.a, firstOfA, FORMULAS[0]),
      child(IDS.b, PLAIN_NAMES[0], XSS.lastName),
      child(IDS.bad, PLAIN_NAMES[1], FORMULAS[3]),
      child(IDS.pending, 'มะลิ', '@ทดสอบ'),
    ],
    formulas: { Z2: { formula: 'HYPERLINK("http://evil.test","x")', result: 'x' } },
  });
}

/** The school named in markup: the same child as in {@link hostileRoster} (a same-ID duplicate). */
export function xssSchoolRoster(): Promise<Uint8Array> {
  return writeRosterWorkbook(SIS_STUDENTS, {
    info: { institution_code: XSS_SCHOOL, academic_year: 2562, term: 2 },
    rows: [child(IDS.a, XSS.firstName, 'ใจดี')],
  });
}
