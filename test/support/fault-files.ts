import { queryRows } from '../../pipeline/db/database.ts';
import { runtimePaths } from '../../pipeline/config.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { submitUploads, waitForRegistration } from '../../workers/intake.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { IN_WINDOW, badChecksum, validId } from './fixtures.ts';
import type { Harness } from './pipeline-harness.ts';

/** The open school of the small registry: most files of a fault run are its versions. */
export const OPEN_SCHOOL = '3042000001';
const SUBJECTS = [OPEN_SCHOOL, '3042000009', '7042000001'] as const;

/** One file of a fault run, with the pupils it should count were it the current version. */
export interface FaultFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly institution: string | null;
  /** National IDs of its valid rows. */
  readonly validIds: readonly string[];
}

function pupil(file: number, row: number, broken: boolean): RecordRow {
  const id = validId(`1103${String(file).padStart(3, '0')}${String(row).padStart(5, '0')}`);
  return {
    national_id: broken ? badChecksum(id) : id,
    prefix: row % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
    first_name: `ทน${file}ที่${row}`,
    last_name: 'ทานทน',
    sex: row % 2 === 0 ? 'ชาย' : 'หญิง',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

/**
 * `count` small files: versions of the open school's roster (some with rows that fail their
 * checksum), files for the closed school and the CDC, and now and then bytes that are no
 * workbook at all, so a run ends with accepted, partial, rejected and superseded files.
 */
export function faultFiles(
  count: number,
  rowsOf: (i: number) => number = (i) => 8 + ((i * 7) % 17),
): FaultFile[] {
  return Array.from({ length: count }, (_, i): FaultFile => {
    if (i % 7 === 6)
      return {
        name: `broken-${i}.xlsx`,
        bytes: new TextEncoder().encode(`no workbook ${i}`),
        institution: null,
        validIds: [],
      };
    return rosterFile(i, SUBJECTS[i % SUBJECTS.length]!, rowsOf(i), i % 2 === 1 ? 5 : 0);
  });
}

/** Version `i` of an institution's roster: `rows` pupils, every `brokenEvery`-th with a bad checksum (0: none). */
export function rosterFile(i: number, institution: string, rows: number, brokenEvery = 0): FaultFile {
  const broken = (r: number) => brokenEvery > 0 && r % brokenEvery === 0;
  const roster = Array.from({ length: rows }, (_, r) => pupil(i, r, broken(r)));
  const bytes = writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: institution, academic_year: 2562, term: 2 },
    rows: roster,
  });
  const validIds = roster.filter((_, r) => !broken(r)).map((r) => String(r.national_id));
  return { name: `file-${i}.xlsx`, bytes, institution, validIds };
}

/**
 * Records each file as its own wave, in order (so each travels in its own group and the
 * submission ids follow the list), without waiting for any parse. Returns the submission ids.
 */
export async function registerInOrder(h: Harness, files: readonly FaultFile[]): Promise<number[]> {
  const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
  const ids: number[] = [];
  for (const f of files) {
    const submitted = await submitUploads(deps, [
      {
        bytes: f.bytes,
        fileName: f.name,
        uploadedBy: 'test',
        uploadedAt: new Date(),
        asOf: IN_WINDOW,
        options: {},
      },
    ]);
    const [registered] = await waitForRegistration(deps, submitted, 30_000);
    ids.push(registered!.submissionId);
  }
  return ids;
}

/** Each file's end: status, whether it counts, and what superseded it, by file name. */
export type Outcomes = Record<string, string>;

export async function readOutcomes(h: Harness): Promise<Outcomes> {
  const rows = await queryRows<{
    file_name: string;
    status: string;
    is_current: boolean;
    by: string | null;
    failed: boolean;
  }>(
    h.loader.database.db,
    `SELECT s.file_name, s.status, s.is_current, w.file_name AS by,
       EXISTS (SELECT 1 FROM issues i WHERE i.submission_id = s.submission_id AND i.code = 'file/processing-failed') AS failed
     FROM submissions s LEFT JOIN submissions w ON w.submission_id = s.superseded_by`,
  );
  const text = (r: (typeof rows)[number]) =>
    [r.status, r.failed ? 'processing-failed' : '', r.is_current ? 'current' : '', r.by ? `by ${r.by}` : '']
      .filter(Boolean)
      .join(' ');
  return Object.fromEntries(rows.map((r) => [r.file_name, text(r)]));
}

/** Whether every submission has finished (none still `queued`). */
export async function allFinished(h: Harness): Promise<boolean> {
  const [row] = await queryRows<{ open: bigint }>(
    h.loader.database.db,
    "SELECT count(*) FILTER (status = 'queued') AS open FROM submissions",
  );
  return Number(row!.open) === 0;
}

/** The national IDs counted for an institution, sorted. */
export async function countedIds(h: Harness, institution: string): Promise<string[]> {
  const rows = await queryRows<{ national_id: string }>(
    h.loader.database.db,
    'SELECT national_id FROM pupils WHERE institution_code = $1 ORDER BY national_id',
    [institution],
  );
  return rows.map((r) => r.national_id);
}
