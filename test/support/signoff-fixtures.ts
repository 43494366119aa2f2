import type { RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { validId } from './fixtures.ts';

/**
 * Two provinces for the sign-off walk: Loei (42) with two LAOs and three open schools, Krabi (81)
 * with one LAO and one school. Contacts for every LAO but 4200102.
 */
export const SIGNOFF_REGISTRY: RegistryRecords = {
  laos: [
    { lao_code: '4200101', lao_name: 'อบต.นาดี', lao_type: 'sao', province_code: '42', district: 'เมืองเลย' },
    {
      lao_code: '4200102',
      lao_name: 'ทต.ภูหลวง',
      lao_type: 'subdistrict-municipality',
      province_code: '42',
      district: 'ภูหลวง',
    },
    { lao_code: '8100101', lao_name: 'อบต.อ่าวลึก', lao_type: 'sao', province_code: '81', district: 'อ่าวลึก' },
  ],
  institutions: [
    {
      institution_code: '3042000001',
      institution_name: 'โรงเรียนนาดี',
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '3042000002',
      institution_name: 'โรงเรียนโนนสูง',
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '3042000003',
      institution_name: 'โรงเรียนภูหลวง',
      kind: 'school',
      lao_code: '4200102',
      status: 'open',
    },
    {
      institution_code: '3081000001',
      institution_name: 'โรงเรียนอ่าวลึก',
      kind: 'school',
      lao_code: '8100101',
      status: 'open',
    },
  ],
  otherSchools: [],
};

let serial = 0;

/** A roster of `pupils` kindergarten pupils (อ.1, round 2562-2) of one school, with fresh valid IDs. */
export async function rosterOf(institutionCode: string, pupils: number): Promise<Uint8Array> {
  const rows = Array.from({ length: pupils }, (_, i) => {
    serial += 1;
    return {
      national_id: validId(`1103702${String(50000 + serial).padStart(5, '0')}`),
      prefix: i % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
      first_name: `ลงนาม${serial}`,
      last_name: 'ทดสอบ',
      sex: i % 2 === 0 ? 'ชาย' : 'หญิง',
      birth_date: '05/03/2559',
      grade: 'อ.1',
    };
  });
  const info = { institution_code: institutionCode, academic_year: 2562, term: 2 };
  return writeRosterWorkbook(SIS_STUDENTS, { info, rows });
}
