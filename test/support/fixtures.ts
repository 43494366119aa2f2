import type { Kysely } from 'kysely';
import type { Loader } from '../../workers/loader.ts';
import { replaceRegistry, type RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { withCheckDigit } from '../../synthetic/national-ids.ts';

/** A valid national ID from 12 digits: the 13th is their checksum (computed apart from the validator under test). */
export function validId(first12: string): string {
  return withCheckDigit(first12);
}

/** The same ID with its check digit broken. */
export function badChecksum(id: string): string {
  return `${id.slice(0, 12)}${(Number(id[12]) + 1) % 10}`;
}

/** A small registry in Loei (42): one LAO with an open school, an open CDC and a closed school. */
export const SMALL_REGISTRY: RegistryRecords = {
  laos: [
    { lao_code: '4200101', lao_name: 'อบต.ทดสอบ', lao_type: 'sao', province_code: '42', district: 'เมืองเลย' },
    {
      lao_code: '4200102',
      lao_name: 'ทต.ตัวอย่าง',
      lao_type: 'subdistrict-municipality',
      province_code: '42',
      district: 'วังสะพุง',
    },
  ],
  institutions: [
    {
      institution_code: '3042000001',
      institution_name: 'โรงเรียนบ้านทดสอบ',
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '7042000001',
      institution_name: 'ศพด.บ้านทดสอบ',
      kind: 'cdc',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '3042000009',
      institution_name: 'โรงเรียนปิดแล้ว',
      kind: 'school',
      lao_code: '4200102',
      status: 'closed',
    },
  ],
  otherSchools: [
    { school_code: '1042000001', school_name: 'โรงเรียนบ้านนา', affiliation: 'สพฐ.', lao_code: '4200101' },
  ],
};

/**
 * Loads {@link SMALL_REGISTRY}: into a bare database, or through a running loader's lane (its
 * scheduled jobs share the connection, so a write from outside the lane could meet one).
 */
export async function loadSmallRegistry(
  target: Kysely<Warehouse> | Pick<Loader, 'exclusive'>,
): Promise<void> {
  const load = (db: Kysely<Warehouse>) =>
    replaceRegistry(db, SMALL_REGISTRY, 'test', new Date('2019-10-01T00:00:00Z'));
  await ('exclusive' in target ? target.exclusive(load) : load(target));
}

/** An instant inside round 2562-2's window (7 Oct – 15 Nov 2562, Bangkok). */
export const IN_WINDOW = new Date('2019-11-01T03:00:00Z');
