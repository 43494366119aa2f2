import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '../../pipeline/db/database.ts';
import { compareSchema, readDeclaredSchema, type ActualColumn } from '../support/declared-schema.ts';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../pipeline/db/schema.ts');
type InformationSchema = {
  'information_schema.columns': {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    column_name: string;
    ordinal_position: number;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  };
  'information_schema.tables': {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    table_type: string;
  };
};

/** The migrations' own bookkeeping: no application query reads it. */
const IGNORED = ['schema_migrations'];

describe('the Warehouse types and the migrated database', () => {
  let dir: string;
  let database: Database;
  let actual: ActualColumn[];
  let source: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-schema-'));
    database = await openDatabase(path.join(dir, 'warehouse.duckdb'));
    const rows = await database.db
      .withTables<InformationSchema>()
      .selectFrom('information_schema.columns as c')
      .innerJoin('information_schema.tables as t', (join) =>
        join
          .onRef('t.table_catalog', '=', 'c.table_catalog')
          .onRef('t.table_schema', '=', 'c.table_schema')
          .onRef('t.table_name', '=', 'c.table_name'),
      )
      .select([
        'c.table_name',
        't.table_type',
        'c.column_name',
        'c.data_type',
        'c.is_nullable',
        'c.column_default',
      ])
      .where('c.table_schema', '=', 'main')
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position')
      .execute();
    actual = rows.map((r) => ({
      table: r.table_name,
      isView: r.table_type === 'VIEW',
      column: r.column_name,
      dataType: r.data_type,
      nullable: r.is_nullable === 'YES',
      hasDefault: r.column_default !== null,
    }));
    source = await readFile(SCHEMA_FILE, 'utf8');
  });
  afterAll(async () => {
    closeDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  it('when every migration has run, then schema.ts declares exactly its tables, columns, types and nullability', () => {
    expect(actual.length).toBeGreaterThan(100);
    expect(compareSchema(readDeclaredSchema(source), actual, IGNORED)).toEqual([]);
  });

  it('when the declarations drift from the migrations, then every kind of drift is named', () => {
    const drifted = source
      .replace('    district: string | null;\n    submission_id: Int64;', '    submission_id: Int64;')
      .replace('  provinces: { province_code: string;', '  provinces: { province_code: number;')
      .replace('    reason: string | null;', '    reason: string;')
      .replace('  is_current: Generated<boolean>;', '  is_current: boolean;')
      .replace('    error: string | null;\n  };', '    error: string | null;\n    retries: number;\n  };')
      .replace('  dedup_not_same: {', '  dedup_no_longer: {');
    expect(drifted).not.toBe(source);
    expect(compareSchema(readDeclaredSchema(drifted), actual, IGNORED).sort()).toEqual(
      [
        'dedup_members.district: in the database, not declared',
        'provinces.province_code: VARCHAR in the database, declared as INTEGER or DOUBLE',
        'window_exceptions.reason: nullable in the database, declared otherwise',
        'submissions.is_current: has a default, not declared Generated',
        'dedup_runs.retries: declared, not in the database',
        'dedup_no_longer: declared, not in the database',
        'dedup_not_same: in the database, not declared',
      ].sort(),
    );
  });
});
