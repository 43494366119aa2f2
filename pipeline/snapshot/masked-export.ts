import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ANALYST_VIEWS } from './analyst-views.ts';
import { maskedSelect } from './masked-sql.ts';
import { copyToParquet, sqlName } from './snapshot-sql.ts';
import { locateSnapshot } from './snapshot-store.ts';

/** What a masked export wrote. */
export interface MaskedExport {
  readonly snapshotAt: string;
  readonly files: readonly string[];
}

/**
 * Writes the latest snapshot for wider sharing: every table and stable view as one Parquet file
 * in `outDir`, national IDs masked to their first and last digit (also inside free text), names
 * dropped, birth dates reduced to year and month.
 */
export async function exportMasked(snapshotsRoot: string, outDir: string): Promise<MaskedExport> {
  const snapshot = await locateSnapshot(snapshotsRoot);
  await mkdir(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(snapshot.catalogue, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const names = [...Object.keys(snapshot.tables), ...ANALYST_VIEWS.map((v) => v.name)];
    const files: string[] = [];
    for (const name of names) {
      const file = path.join(outDir, `${name}.parquet`);
      const columns = await describe(connection, name);
      await connection.run(copyToParquet(maskedSelect(name, columns), file));
      files.push(file);
    }
    return { snapshotAt: snapshot.snapshotAt, files };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function describe(
  connection: DuckDBConnection,
  name: string,
): Promise<Array<{ name: string; type: string }>> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${sqlName(name)}`);
  return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
