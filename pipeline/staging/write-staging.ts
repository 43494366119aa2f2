import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';
import { STAGED_TABLES, type StagedTableName } from './columns.ts';
import type { StagingSummary } from './summary.ts';

export type StagedRow = Readonly<Record<string, string | number | null | undefined>>;

/**
 * The staged form of one parsed file: newline-delimited JSON per non-empty table plus a summary,
 * in one folder. JSON lines cost a parse worker next to nothing to write (Parquet through an
 * in-memory DuckDB cost more than reading the workbook), and the loader reads hundreds of them
 * in one `read_json` with the column types of {@link STAGED_TABLES}.
 */
export interface StagingInput {
  readonly summary: Omit<StagingSummary, 'staged'>;
  readonly tables: Partial<Record<StagedTableName, readonly StagedRow[]>>;
}

export function stagingDir(stagingRoot: string, submissionId: number): string {
  return path.join(stagingRoot, String(submissionId));
}

export function stagedFile(dir: string, table: StagedTableName): string {
  return path.join(dir, `${table}.ndjson`);
}

export function summaryFile(dir: string): string {
  return path.join(dir, 'summary.json');
}

/**
 * Writes the staged tables and the summary last, into a fresh folder that replaces any earlier
 * one for the same submission: a retried job leaves the same files.
 */
export async function writeStaging(dir: string, input: StagingInput): Promise<void> {
  const temp = `${dir}.partial-${process.pid}`;
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    const staged: StagedTableName[] = [];
    for (const table of Object.keys(STAGED_TABLES) as StagedTableName[]) {
      const rows = input.tables[table] ?? [];
      if (rows.length === 0) continue;
      await writeFile(stagedFile(temp, table), toJsonLines(table, rows));
      staged.push(table);
    }
    const summary: StagingSummary = { ...input.summary, staged };
    await writeFile(summaryFile(temp), JSON.stringify(summary));
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (cause) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new SisError('storage/io', `cannot write staging files ${dir}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** One JSON object per line with exactly the table's staged columns (missing values as null). */
function toJsonLines(table: StagedTableName, rows: readonly StagedRow[]): string {
  const names = STAGED_TABLES[table].map((c) => c.name);
  let out = '';
  for (const row of rows) {
    const picked: Record<string, unknown> = {};
    for (const name of names) picked[name] = row[name] ?? null;
    out += `${JSON.stringify(picked)}\n`;
  }
  return out;
}

/** The DuckDB `read_json` call over staged files of one table, typed by its staged columns. */
export function readStagedSql(table: StagedTableName, files: readonly string[]): string {
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  const columns = STAGED_TABLES[table].map((c) => `"${c.name}": '${c.type}'`).join(', ');
  return `read_json(${list}, format = 'newline_delimited', columns = {${columns}}, filename = true)`;
}
