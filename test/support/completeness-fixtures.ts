import type { RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { badChecksum, validId } from './fixtures.ts';

/**
 * A registry for completeness tests. Loei (42): school A and CDC C under one LAO, school R and
 * school N under another, a closed school (not expected); Krabi (81): school K.
 */
export const CODES = {
  schoolA: '3042000001',
  cdcC: '7042000001',
  schoolR: '3042000002',
  schoolN: '3042000003',
  closed: '3042000009',
  schoolK: '3081000001',
} as const;

export const COMPLETENESS_REGISTRY: RegistryRecords = {
  laos: [
    { lao_code: '4200101', lao_name: 'อบต.ทดสอบ', lao_type: 'sao', province_code: '42', district: 'เมืองเลย' },
    {
      lao_code: '4200102',
      lao_name: 'ทต.ตัวอย่าง',
      lao_type: 'subdistrict-municipality',
      province_code: '42',
      district: 'วังสะพุง',
    },
    {
      lao_code: '8100101',
      lao_name: 'อบต.กระบี่ทดสอบ',
      lao_type: 'sao',
      province_code: '81',
      district: 'เมืองกระบี่',
    },
  ],
  institutions: [
    {
      institution_code: CODES.schoolA,
      institution_name: 'โรงเรียนบ้านเอ',
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: CODES.cdcC,
      institution_name: 'ศพด.บ้านซี',
      kind: 'cdc',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: CODES.schoolR,
      institution_name: 'โรงเรียนบ้านอาร์',
      kind: 'school',
      lao_code: '4200102',
      status: 'open',
    },
    {
      institution_code: CODES.schoolN,
      institution_name: 'โรงเรียนบ้านเอ็น',
      kind: 'school',
      lao_code: '4200102',
      status: 'open',
    },
    {
      institution_code: CODES.closed,
      institution_name: 'โรงเรียนปิดแล้ว',
      kind: 'school',
      lao_code: '4200102',
      status: 'closed',
    },
    {
      institution_code: CODES.schoolK,
      institution_name: 'โรงเรียนบ้านเค',
      kind: 'school',
      lao_code: '8100101',
      status: 'open',
    },
  ],
  otherSchools: [],
};

/** A pupil with a valid ID numbered `n` (IDs differ by test file through `series`). */
export function pupil(series: string, n: number, birthDate = '05/03/2556'): RecordRow {
  return {
    national_id: validId(`${series}${String(1000 + n)}`),
    prefix: n % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
    first_name: `ครบถ้วน${n}`,
    last_name: 'ทดสอบ',
    sex: n % 2 === 0 ? 'ชาย' : 'หญิง',
    birth_date: birthDate,
    grade: 'ป.1',
  };
}

/** A child of a CDC roster (the template has no grade column: it is not written). */
function child(series: string, n: number): RecordRow {
  return pupil(series, n, '01/02/2559');
}

/** A school roster for round `year`-`term`. */
export function schoolRoster(institution: string, rows: RecordRow[], year = 2562, term = 2): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: institution, academic_year: year, term },
    rows,
  });
}

/**
 * The files of round 2562-2: A accepted (3 pupils), C partial (2 children counted, 1 bad ID),
 * R rejected (its only pupil has a bad ID), K accepted (1 pupil, Krabi). N sends nothing.
 */
export function roundFiles(series: string): Record<'a' | 'c' | 'r' | 'k', Uint8Array> {
  const badId = badChecksum(validId(`${series}9999`));
  return {
    a: schoolRoster(CODES.schoolA, [pupil(series, 1), pupil(series, 2), pupil(series, 3)]),
    c: writeTemplateFile(CCIS_CHILDREN, {
      info: { institution_code: CODES.cdcC, academic_year: 2562, term: 2 },
      rows: [child(series, 11), child(series, 12), { ...child(series, 13), national_id: badId }],
    }),
    r: schoolRoster(CODES.schoolR, [{ ...pupil(series, 21), national_id: badId }]),
    k: schoolRoster(CODES.schoolK, [pupil(series, 31)]),
  };
}

/** The contract's keys, as the issue spells them. */
export const TOP_KEYS = ['closesAt', 'institutions', 'province', 'round', 'totals'];
export const TOTAL_KEYS = ['accepted', 'expected', 'notSubmitted', 'partial', 'rejected', 'submitted'];
export const INSTITUTION_KEYS = [
  'institutionCode',
  'institutionName',
  'kind',
  'laoCode',
  'pupils',
  'previousPupils',
  'status',
].sort();
/** Round 2562-2 closes at the end of 15 Nov 2562 in Bangkok (data/rounds.csv). */
export const CLOSES_2562_2 = '2019-11-15T17:00:00.000Z';
