import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { runtimePaths } from '../../pipeline/config.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { submitUploads, waitForRegistration } from '../../workers/intake.ts';
import { startLoader, type Loader } from '../../workers/loader.ts';
import { silentLogger } from '../../workers/logger.ts';
import { startParseWorker } from '../../workers/parse-worker.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { IN_WINDOW, SMALL_REGISTRY, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { deleteQueueKeys, startHarness, type Harness } from '../support/pipeline-harness.ts';

function pupil(n: number): RecordRow {
  return {
    national_id: validId(`11037028${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `เรดิส${n}`,
    last_name: 'หาย',
    sex: 'ชาย',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

const [SCHOOL] = SMALL_REGISTRY.institutions;

describe('when Redis loses everything', { timeout: 120_000 }, () => {
  let h: Harness;
  let second: Loader | undefined;

  beforeAll(async () => {
    // A loader without parse workers: accepted files wait in the queue, as on a busy night.
    h = await startHarness({ parseWorker: false });
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => {
    await second?.close().catch(() => {});
    await h?.close().catch(() => {});
  });

  it('then files recorded as queued are carried again at start-up, each counted once', async () => {
    const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
    const uploads = [
      { rows: [pupil(1), pupil(2), pupil(3)], name: 'a.xlsx', term: 2 },
      { rows: [pupil(4), pupil(5)], name: 'b.xlsx', term: 2 },
    ].map((u) => ({
      bytes: writeTemplateFile(SIS_STUDENTS, {
        info: { institution_code: SCHOOL!.institution_code, academic_year: 2562, term: u.term },
        rows: u.rows,
      }),
      fileName: u.name,
      uploadedBy: 'test',
      uploadedAt: new Date(),
      asOf: IN_WINDOW,
      options: {},
    }));
    // Two waves, so that the two files travel in two groups.
    const first = await waitForRegistration(deps, await submitUploads(deps, [uploads[0]!]), 30_000);
    const later = await waitForRegistration(deps, await submitUploads(deps, [uploads[1]!]), 30_000);
    const ids = [...first, ...later].map((r) => r.submissionId);
    expect([...first, ...later].map((r) => r.status)).toEqual(['queued', 'queued']);

    // The loader stops, and Redis comes back with nothing of this instance in it.
    await h.loader.close();
    await deleteQueueKeys(h.config.redisUrl, h.config.queuePrefix);

    second = await startLoader({ config: h.config, reference: h.reference, log: silentLogger });
    const parser = await startParseWorker(h.config, silentLogger);
    try {
      const statuses = await until(async () => {
        const rows = await queryRows<{ submission_id: bigint; status: string }>(
          second!.database.db,
          'SELECT submission_id, status FROM submissions ORDER BY submission_id',
        );
        return rows.every((r) => r.status !== 'queued') ? rows : undefined;
      });
      expect(statuses.map((r) => [Number(r.submission_id), r.status])).toEqual([
        [ids[0], 'accepted'],
        [ids[1], 'accepted'],
      ]);
      // The later roster replaced the earlier one whole: its two pupils, once each.
      const pupils = await queryRows<{ national_id: string; n: bigint }>(
        second.database.db,
        'SELECT national_id, count(*) AS n FROM pupils GROUP BY national_id ORDER BY national_id',
      );
      expect(pupils.map((p) => [p.national_id, Number(p.n)])).toEqual(
        [pupil(4), pupil(5)].map((p) => [p.national_id, 1]).sort(),
      );
    } finally {
      await parser.close();
    }
  });
});

/** Polls until `probe` gives a value (at most 60 s). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
