import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';

/** The warehouse handle the report queries read through. */
export type ReportDb = Kysely<Warehouse>;

/** DuckDB's `count(*)` and `sum()` come back as bigint (or null for an empty sum). */
export function toNumber(value: bigint | number | string | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
