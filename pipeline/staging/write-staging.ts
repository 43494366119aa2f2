import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 * Writes the staged tables, then the summary (written aside and renamed: it appears whole). The
 * summary is the commit mark: the loader reads a folder only once it exists, so a parse killed
 * midway leaves nothing the loader would take, and a retried job writes the same files again.
 * Synchronous on purpose: a parse child does one job at a time, and a few blocking writes cost
 * less than a round of promises through the thread pool.
 */
export async function writeStaging(dir: string, input: StagingInput): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    rmSync(summaryFile(dir), { force: true });
    const staged: StagedTableName[] = [];
    for (const table of Object.keys(STAGED_TABLES) as StagedTableName[]) {
      const rows = input.tables[table] ?? [];
      if (rows.length === 0) continue;
      writeFileSync(stagedFile(dir, table), toJsonLines(table, rows));
      staged.push(table);
    }
    const summary: StagingSummary = { ...input.summary, staged };
    writeFileSync(`${summaryFile(dir)}.tmp`, JSON.stringify(summary));
    renameSync(`${summaryFile(dir)}.tmp`, summaryFile(dir));
  } catch (cause) {
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
