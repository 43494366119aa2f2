import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';
import { STAGED_TABLES, type StagedTableName } from './columns.ts';
import { partSummariesSchema, type StagingSummary } from './summary.ts';

export type StagedRow = Readonly<Record<string, string | number | null | undefined>>;

/**
 * The staged form of parsed files, for the loader. Files are parsed in groups, and a group's
 * folder holds one or more *parts*: newline-delimited JSON per table with the rows of all the
 * part's files (each row carries its `submission_id`), and `summaries.json`, written last, which
 * names the files the part holds. A part is committed when its summaries exist: a parse killed
 * midway leaves nothing the loader would take. Few, larger files cost a parse worker and the
 * loader's `read_json` far less than a folder per file.
 */
export interface StagedFile {
  readonly summary: Omit<StagingSummary, 'staged'>;
  readonly tables: Partial<Record<StagedTableName, readonly StagedRow[]>>;
}

/** One file found in a group's staging folder. */
export interface StagedEntry {
  readonly partDir: string;
  readonly summary: StagingSummary;
}

export function groupStagingDir(stagingRoot: string, group: string): string {
  return path.join(stagingRoot, group);
}

export function stagedFile(partDir: string, table: StagedTableName): string {
  return path.join(partDir, `${table}.ndjson`);
}

const SUMMARIES = 'summaries.json';

/**
 * Writes one part of a group: the table files, then the summaries (written aside and renamed:
 * they appear whole). Synchronous on purpose: a parse child does one job at a time, and a few
 * blocking writes cost less than a round of promises through the thread pool.
 */
export function writeStagingPart(groupDir: string, part: string, files: readonly StagedFile[]): void {
  const dir = path.join(groupDir, part);
  try {
    mkdirSync(dir, { recursive: true });
    const staged = files.map(() => new Set<StagedTableName>());
    for (const table of Object.keys(STAGED_TABLES) as StagedTableName[]) {
      const parts = files.flatMap((file, i) => {
        const rows = file.tables[table] ?? [];
        if (rows.length === 0) return [];
        staged[i]!.add(table);
        return [{ rows, submissionId: file.summary.submissionId }];
      });
      if (parts.length > 0) writeJsonLines(stagedFile(dir, table), table, parts);
    }
    const summaries: StagingSummary[] = files.map((f, i) => ({ ...f.summary, staged: [...staged[i]!] }));
    const target = path.join(dir, SUMMARIES);
    writeFileSync(`${target}.tmp`, JSON.stringify(summaries));
    renameSync(`${target}.tmp`, target);
  } catch (cause) {
    throw new SisError('storage/io', `cannot write staging files ${dir}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** The files committed in a group's staging folder so far, by submission id (none: an empty map). */
export async function readStagedGroup(groupDir: string): Promise<Map<number, StagedEntry>> {
  const found = new Map<number, StagedEntry>();
  const parts = await readdir(groupDir).catch(() => [] as string[]);
  for (const part of parts.sort()) {
    const partDir = path.join(groupDir, part);
    const raw = await readFile(path.join(partDir, SUMMARIES), 'utf8').catch(() => null);
    if (raw === null) continue;
    const summaries = parseSummaries(raw, partDir);
    for (const summary of summaries) found.set(summary.submissionId, { partDir, summary });
  }
  return found;
}

function parseSummaries(raw: string, partDir: string): StagingSummary[] {
  try {
    return partSummariesSchema.parse(JSON.parse(raw));
  } catch (cause) {
    // Summaries appear whole (written aside, renamed): a broken one will not mend on a retry.
    throw new SisError('storage/io', `staging summaries in ${partDir} cannot be read`, {
      cause,
      retryable: false,
    });
  }
}

/** Text is written in pieces of about this many characters: a 50,000-row file never becomes one string. */
const CHUNK_CHARS = 1 << 20;

/**
 * One JSON object per line: the submission, then exactly the table's staged columns (missing
 * values as null), written in chunks. Each line is built as text from the column names, without
 * an object per row for JSON.stringify to walk: strings go through JSON.stringify, numbers as
 * JSON writes them.
 */
function writeJsonLines(
  file: string,
  table: StagedTableName,
  parts: ReadonlyArray<{ rows: readonly StagedRow[]; submissionId: number }>,
): void {
  const names = STAGED_TABLES[table].map((c) => c.name);
  const keys = names.map((name) => `,${JSON.stringify(name)}:`);
  const fd = openSync(file, 'w');
  try {
    let out = '';
    for (const { rows, submissionId } of parts) {
      const head = `{"submission_id":${jsonValue(submissionId)}`;
      for (const row of rows) {
        let line = head;
        for (let i = 0; i < names.length; i++) line += keys[i]! + jsonValue(row[names[i]!]);
        out += `${line}}\n`;
        if (out.length >= CHUNK_CHARS) {
          writeSync(fd, out);
          out = '';
        }
      }
    }
    if (out !== '') writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
}

/** A staged value as JSON: what JSON.stringify gives for it, null for a missing one. */
function jsonValue(value: string | number | null | undefined): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return 'null';
}

/**
 * The DuckDB `read_json` call over staged files of one table, typed by its staged columns, with
 * each row's `filename`: a file is loaded from the part the loader chose for it, never from a
 * second part that also holds it (a restarted file may be staged in two groups).
 */
export function readStagedSql(table: StagedTableName, files: readonly string[]): string {
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  const columns = [
    `"submission_id": 'BIGINT'`,
    ...STAGED_TABLES[table].map((c) => `"${c.name}": '${c.type}'`),
  ].join(', ');
  return `read_json(${list}, format = 'newline_delimited', columns = {${columns}}, filename = true)`;
}
