import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { OPEN_SCHOOL, rosterFile, type FaultFile } from '../support/fault-files.ts';
import { until } from '../support/fault-processes.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

/** Posts a file over HTTP as the admin's script does; returns its submission id. */
async function post(server: TestServer, file: FaultFile): Promise<number> {
  const data = new FormData();
  data.append('file', new Blob([file.bytes]), file.name);
  const res = await fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    body: data,
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { submissionId: number }).submissionId;
}

async function finished(server: TestServer, id: number): Promise<SubmissionReport | undefined> {
  const res = await fetch(`${server.url}/api/submissions/${id}`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  const report = (await res.json()) as SubmissionReport;
  return report.status === 'queued' ? undefined : report;
}

describe('two uploads for one institution at the same moment', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('when a big and a small version arrive together then the later one counts whole and the other is superseded by it', async () => {
    // Each round: a big version and a small one sent at once, so the small one may well be
    // loaded first whichever of them was received later.
    for (const round of [0, 1, 2]) {
      const big = rosterFile(10 + 2 * round, OPEN_SCHOOL, 600, 9);
      const small = rosterFile(11 + 2 * round, OPEN_SCHOOL, 5 + round);
      const [bigId, smallId] = await Promise.all([post(server, big), post(server, small)]);
      await until(() => finished(server, bigId), 60_000, 100);
      await until(() => finished(server, smallId), 60_000, 100);

      const [later, earlier] = bigId > smallId ? [big, small] : [small, big];
      const [laterId, earlierId] = [Math.max(bigId, smallId), Math.min(bigId, smallId)];
      const subs = await queryRows<{
        submission_id: bigint;
        is_current: boolean;
        superseded_by: bigint | null;
      }>(
        server.loader.db,
        'SELECT submission_id, is_current, superseded_by FROM submissions WHERE submission_id IN ($1, $2) ORDER BY submission_id',
        [earlierId, laterId],
      );
      expect(
        subs.map((s) => [Number(s.submission_id), s.is_current, s.superseded_by && Number(s.superseded_by)]),
      ).toEqual([
        [earlierId, false, laterId],
        [laterId, true, null],
      ]);
      const pupils = await queryRows<{ national_id: string; submission_id: bigint }>(
        server.loader.db,
        'SELECT national_id, submission_id FROM pupils WHERE institution_code = $1 ORDER BY national_id',
        [OPEN_SCHOOL],
      );
      // Exactly the later file's valid rows, each once, all from it: never a mix of the two.
      expect(pupils.map((p) => p.national_id)).toEqual([...later.validIds].sort());
      expect(new Set(pupils.map((p) => Number(p.submission_id)))).toEqual(new Set([laterId]));
      expect(pupils.some((p) => earlier.validIds.includes(p.national_id))).toBe(false);
      const [current] = await queryRows<{ n: bigint }>(
        server.loader.db,
        'SELECT count(*) AS n FROM submissions WHERE is_current AND subject_code = $1',
        [OPEN_SCHOOL],
      );
      expect(Number(current!.n)).toBe(1);
    }
  });
});
