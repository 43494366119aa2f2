import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { withDuckDB } from './kysely-duckdb.ts';
import type { Warehouse } from './schema.ts';

export type LaoRecord = {
  readonly lao_code: string;
  readonly lao_name: string;
  readonly lao_type: string;
  readonly province_code: string;
  readonly district: string;
};
export type InstitutionRecord = {
  readonly institution_code: string;
  readonly institution_name: string;
  readonly kind: 'school' | 'cdc';
  readonly lao_code: string;
  readonly status: 'open' | 'closed';
};
export type OtherSchoolRecord = {
  readonly school_code: string;
  readonly school_name: string;
  readonly affiliation: string;
  readonly lao_code: string;
};

/** An LAO's contact for reminders (the registry's optional columns); any part may be missing. */
export type LaoContactRecord = {
  readonly lao_code: string;
  readonly contact_name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
};

export interface RegistryRecords {
  readonly laos: readonly LaoRecord[];
  /** Optional: registries read before contacts existed, and tests, may leave it out. */
  readonly contacts?: readonly LaoContactRecord[];
  readonly institutions: readonly InstitutionRecord[];
  readonly otherSchools: readonly OtherSchoolRecord[];
}

const TABLES = [
  ['laos', ['lao_code', 'lao_name', 'lao_type', 'province_code', 'district']],
  ['institutions', ['institution_code', 'institution_name', 'kind', 'lao_code', 'status']],
  ['other_schools', ['school_code', 'school_name', 'affiliation', 'lao_code']],
] as const;

/**
 * Replaces the whole registry in one transaction (bulk-appended), so completeness and checks
 * never see half of an old and half of a new registry.
 */
export async function replaceRegistry(
  db: Kysely<Warehouse>,
  records: RegistryRecords,
  source: string,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const [table] of TABLES) await trx.deleteFrom(table).execute();
    await withDuckDB(trx, (connection) => appendRegistry(connection, records));
    await trx.deleteFrom('lao_contacts').execute();
    // Contacts are one per LAO and few: a plain insert, in the same transaction as their LAOs.
    const contacts = records.contacts ?? [];
    for (let i = 0; i < contacts.length; i += 1000)
      await trx
        .insertInto('lao_contacts')
        .values(contacts.slice(i, i + 1000))
        .execute();
    const next = await trx
      .selectFrom('registry_loads')
      .select((eb) => eb(eb.fn.coalesce(eb.fn.max('load_id'), eb.lit(0)), '+', 1).as('id'))
      .executeTakeFirst();
    const loadId = Number(next?.id ?? 1);
    await trx
      .insertInto('registry_loads')
      .values({
        load_id: loadId,
        loaded_at: now,
        source,
        laos: records.laos.length,
        institutions: records.institutions.length,
        other_schools: records.otherSchools.length,
      })
      .execute();
    return loadId;
  });
}

/** The registry's rows, through DuckDB's appender: a country's registry is tens of thousands of rows. */
async function appendRegistry(connection: DuckDBConnection, records: RegistryRecords): Promise<void> {
  const rowsOf = {
    laos: records.laos,
    institutions: records.institutions,
    other_schools: records.otherSchools,
  };
  for (const [table, columns] of TABLES) {
    const appender = await connection.createAppender(table);
    for (const row of rowsOf[table] as ReadonlyArray<Record<string, string>>) {
      for (const column of columns) appender.appendVarchar(row[column] ?? '');
      appender.endRow();
    }
    appender.closeSync();
  }
}
