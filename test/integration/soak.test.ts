import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { generateTempDataset, type GeneratedDataset } from '../support/generated-dataset.ts';
import { runSoak, type SoakOutcome } from '../support/soak/run-soak.ts';
import type { UploadRecord } from '../support/soak/uploaders.ts';
import { pairDataSets, uploadPlan, type PlannedUpload } from '../support/soak/upload-plan.ts';

const UPLOADERS = 10;
/** Fewer upload slots than uploaders, so some uploads are answered 429 and sent again. */
const UPLOAD_SLOTS = 4;
const LAG = 6;

/**
 * A short soak: a server and a parse worker in processes of their own, 10 uploaders over HTTP
 * with an API token sending two small provinces (drafts corrected later, files sent twice), then
 * the warehouse against a sequential `sis ingest` of the files the night ended with.
 */
describe('a short soak over HTTP', () => {
  let finals: GeneratedDataset;
  let drafts: GeneratedDataset;
  let planned: PlannedUpload[];
  let soak: SoakOutcome;

  beforeAll(async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const request = { provinces: ['42', '81'], scale: 0.1, seed: 7 };
    finals = await generateTempDataset(reference, { ...request, errorRate: 0.02 });
    drafts = await generateTempDataset(reference, { ...request, errorRate: 0.2 });
    const files = pairDataSets(
      { root: finals.root, files: finals.truth.files.map((f) => f.file) },
      { root: drafts.root, files: drafts.truth.files.map((f) => f.file) },
    );
    planned = [...uploadPlan(files, LAG, 1)];
    soak = await runSoak({
      registry: path.join(finals.root, 'registry.xlsx'),
      plan: planned[Symbol.iterator](),
      uploaders: UPLOADERS,
      workers: 1,
      settleTimeoutMs: 60_000,
      env: { SIS_MAX_CONCURRENT_UPLOADS: String(UPLOAD_SLOTS), SIS_WORKER_CONCURRENCY: '2' },
      sequentialEnv: { SIS_WORKER_CONCURRENCY: '1' },
    });
    // About 40 s on a quiet 2-core machine; several times that when the machine is shared.
  }, 300_000);

  afterAll(async () => {
    await soak?.remove();
    for (const set of [finals, drafts]) if (set) await rm(set.root, { recursive: true, force: true });
  });

  it('when every upload is answered then each got its 202, after 429s only, and none failed', () => {
    expect(soak.upload.failures).toEqual([]);
    expect(soak.upload.records).toHaveLength(planned.length);
    expect(planned.filter((p) => p.version === 'draft').length).toBeGreaterThan(0);
    expect(soak.exitCodes.every((code) => code === 0)).toBe(true);
  });

  it('when the same bytes are sent again then no second submission is made for them', async () => {
    const first = new Map<string, UploadRecord>();
    for (const record of soak.upload.records) {
      // A draft may have come out without mistakes: then it is the final file's bytes.
      const bytes = await sha256Of(record.path);
      const earlier = first.get(bytes);
      if (!earlier) {
        expect(record.answer).toBe('queued');
        first.set(bytes, record);
      } else if (record.answer === 'queued') {
        // Still on its way when sent again: the same submission answers; only a rejected file is taken anew.
        const firstOutcome = soak.settled.get(earlier.submissionId)?.status;
        expect(record.submissionId === earlier.submissionId || firstOutcome === 'rejected').toBe(true);
      } else {
        expect(record.answer).toBe('unchanged');
      }
    }
    expect(soak.upload.records.length).toBeGreaterThan(first.size);
  });

  it('when the night ends then no submission is left queued', () => {
    expect(soak.settled.size).toBe(new Set(soak.upload.records.map((r) => r.submissionId)).size);
    expect([...soak.settled.values()].filter((r) => r.status === 'queued')).toEqual([]);
  });

  it('when compared with a sequential ingest of the final files then every table is equal', () => {
    expect(soak.finalFiles.size).toBe(finals.truth.files.length);
    expect([...soak.finalFiles.values()].every((p) => p.startsWith(finals.root))).toBe(true);
    expect(soak.comparison.different).toEqual([]);
    expect(soak.comparison.finalState.equal).toBe(true);
    const pupils = soak.comparison.tables.find((t) => t.table === 'pupils');
    expect(pupils?.soak.startsWith('0:')).toBe(false);
  });

  it('when institutions sent a draft and then their final file then only the final file counts, once', async () => {
    const database = await openDatabase(soak.soakDatabase, { readOnly: true });
    try {
      const current = await queryRows<{ subject_code: string; sha256: string; n: bigint }>(
        database.connection,
        `SELECT subject_code, any_value(sha256) AS sha256, count(*) AS n FROM submissions
         WHERE is_current GROUP BY subject_code`,
      );
      expect(current.filter((c) => c.n !== 1n)).toEqual([]);
      const expected = new Map(
        await Promise.all(
          finals.truth.files.map(
            async (f) => [f.subjectCode, await sha256Of(path.join(finals.root, f.file))] as const,
          ),
        ),
      );
      const loaded = current.filter((c) => expected.has(c.subject_code));
      expect(loaded.length).toBeGreaterThan(0);
      for (const c of loaded) expect(c.sha256).toBe(expected.get(c.subject_code));
      const [twice] = await queryRows<{ n: bigint; stray: bigint }>(
        database.connection,
        `SELECT (SELECT count(*) FROM (SELECT institution_code, sheet, row_number FROM pupils
                   GROUP BY ALL HAVING count(*) > 1)) AS n,
                (SELECT count(*) FROM pupils p JOIN submissions s USING (submission_id) WHERE NOT s.is_current) AS stray`,
      );
      expect(twice).toEqual({ n: 0n, stray: 0n });
    } finally {
      closeDatabase(database);
    }
  });
});

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
