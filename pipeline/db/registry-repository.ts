import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, queryRows } from './database.ts';

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

export interface RegistryRecords {
  readonly laos: readonly LaoRecord[];
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
  connection: DuckDBConnection,
  records: RegistryRecords,
  source: string,
  now: Date,
): Promise<number> {
  const rowsOf = {
    laos: records.laos,
    institutions: records.institutions,
    other_schools: records.otherSchools,
  };
  return inTransaction(connection, async () => {
    for (const [table, columns] of TABLES) {
      await connection.run(`DELETE FROM ${table}`);
      const appender = await connection.createAppender(table);
      for (const row of rowsOf[table] as ReadonlyArray<Record<string, string>>) {
        for (const column of columns) appender.appendVarchar(row[column] ?? '');
        appender.endRow();
      }
      appender.closeSync();
    }
    const [next] = await queryRows<{ id: number }>(
      connection,
      'SELECT coalesce(max(load_id), 0) + 1 AS id FROM registry_loads',
    );
    const loadId = Number(next?.id ?? 1);
    await connection.run('INSERT INTO registry_loads VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6)', [
      loadId,
      now.toISOString(),
      source,
      records.laos.length,
      records.institutions.length,
      records.otherSchools.length,
    ]);
    return loadId;
  });
}
