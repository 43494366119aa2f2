import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, queryRows, type Database } from '../../pipeline/db/database.ts';
import { syncReference } from '../../pipeline/db/reference-repository.ts';
import { allocateSubmissionIds, createSubmissions } from '../../pipeline/db/submission-repository.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { groupStagingDir, writeStagingPart, type StagedFile } from '../../pipeline/staging/write-staging.ts';
import { groupKey } from '../../workers/contract.ts';
import { loadGroups } from '../../workers/processors/load.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';

/** One pupil and one warning, as a parse would stage them for school 3042000001. */
function staged(submissionId: number, n: number): StagedFile {
  return {
    summary: {
      submissionId,
      templateId: 'sis-students',
      templateVersion: '1',
      subjectCode: '3042000001',
      roundId: '2562-2',
      facts: { teachers: null, classrooms: null, caregivers: null },
      status: 'accepted',
      rows: { total: 1, accepted: 1, rejected: 0 },
      issueCount: 1,
      errors: 0,
      warnings: 1,
    },
    tables: {
      pupils: [
        {
          sheet: 'นักเรียน',
          row_number: 2,
          id_cell: 'A2',
          national_id: validId(`11037024${String(5000 + n)}`),
          id_kind: 'national-id',
          prefix: 'ด.ช.',
          first_name: `แถว${n}`,
          last_name: 'ทดสอบ',
          sex: 'M',
          birth_date: '2013-03-05',
          grade: 'P1',
        },
      ],
      issues: [{ seq: 1, severity: 'warning', code: 'column/extra', sheet: 'นักเรียน', message: 'คอลัมน์เกิน' }],
    },
  };
}

describe('loading groups of staged files', () => {
  let dir: string;
  let database: Database;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-load-'));
    database = await openDatabase(path.join(dir, 'sis.duckdb'));
    await syncReference(database.db, await loadReference(SHIPPED_REFERENCE_DIR));
    await loadSmallRegistry(database.db);
  });
  afterEach(async () => {
    closeDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  /** Records queued submissions as intake would; returns their ids. */
  async function queued(count: number): Promise<number[]> {
    const ids = await allocateSubmissionIds(database.db, count);
    await createSubmissions(
      database.db,
      ids.map((submissionId, i) => ({
        submissionId,
        fileGroup: 'g',
        sha256: String(i).repeat(64),
        fileName: `v${i}.xlsx`,
        fileSize: 1,
        uploadedBy: 't',
        uploadedAt: IN_WINDOW,
        asOf: IN_WINDOW,
      })),
    );
    return ids;
  }

  function loadDeps() {
    return {
      db: database.db,
      paths: { staging: path.join(dir, 'staging'), reports: path.join(dir, 'reports') },
      now: () => IN_WINDOW,
      onLoaded: async () => {},
    };
  }

  it('when a restarted file is staged in two groups that load together then its rows and issues count once', async () => {
    const c = database.connection;
    const [x, y] = await queued(2);
    const staging = loadDeps().paths.staging;
    const first = groupKey([x!]);
    const second = groupKey([x!, y!]);
    writeStagingPart(groupStagingDir(staging, first), 'group', [staged(x!, 1)]);
    writeStagingPart(groupStagingDir(staging, second), 'group', [staged(x!, 1), staged(y!, 2)]);
    await loadGroups(loadDeps(), [
      { group: first, submissionIds: [x!] },
      { group: second, submissionIds: [x!, y!] },
    ]);
    const counts = await queryRows<{ submission_id: bigint; pupils: bigint; issues: bigint }>(
      c,
      `SELECT s.submission_id,
         (SELECT count(*) FROM pupils p WHERE p.submission_id = s.submission_id) AS pupils,
         (SELECT count(*) FROM issues i WHERE i.submission_id = s.submission_id) AS issues
       FROM submissions s ORDER BY s.submission_id`,
    );
    // y is the newer version of the same roster: it counts; x is superseded but keeps its issue once.
    expect(counts.map((r) => [Number(r.submission_id), Number(r.pupils), Number(r.issues)])).toEqual([
      [x, 0, 1],
      [y, 1, 1],
    ]);
  });

  it('when an older version of a roster loads after a newer one was counted then the newer one stays counted', async () => {
    const c = database.connection;
    const [older, newer] = await queued(2);
    const deps = loadDeps();
    const staging = deps.paths.staging;
    for (const [id, n] of [
      [newer!, 2],
      [older!, 1],
    ] as const) {
      const group = groupKey([id]);
      writeStagingPart(groupStagingDir(staging, group), 'group', [staged(id, n)]);
      await loadGroups(deps, [{ group, submissionIds: [id] }]);
    }
    const rows = await queryRows<{
      submission_id: bigint;
      is_current: boolean;
      superseded_by: bigint | null;
      pupils: bigint;
    }>(
      c,
      `SELECT s.submission_id, s.is_current, s.superseded_by,
         (SELECT count(*) FROM pupils p WHERE p.submission_id = s.submission_id) AS pupils
       FROM submissions s ORDER BY s.submission_id`,
    );
    expect(
      rows.map((r) => [
        Number(r.submission_id),
        r.is_current,
        r.superseded_by === null ? null : Number(r.superseded_by),
        Number(r.pupils),
      ]),
    ).toEqual([
      [older, false, newer, 0],
      [newer, true, null, 1],
    ]);
  });
});
