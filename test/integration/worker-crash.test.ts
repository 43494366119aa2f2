import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { configToEnv } from '../../pipeline/config.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const ROWS = [1, 2, 3, 4].map((n) => ({
  national_id: validId(`31037024${String(2000 + n)}`),
  prefix: 'ด.ญ.',
  first_name: `ทดลอง${n}`,
  last_name: 'มั่นคง',
  sex: 'หญิง',
  birth_date: '12/12/2555',
  grade: 'ป.1',
}));

/** A parse worker in its own process group, holding each job open so it can be killed mid-job. */
function spawnSlowWorker(h: Harness): ChildProcess {
  return spawn(process.execPath, ['bin/sis.js', 'worker', '--role', 'parse'], {
    env: { ...process.env, ...configToEnv(h.config), SIS_TEST_PARSE_DELAY_MS: '8000' },
    detached: true,
    stdio: 'ignore',
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a parse worker killed mid-job', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ parseWorker: false, env: { SIS_JOB_LOCK_MS: '2000' } });
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => h?.close());

  it('when the worker dies mid-job then nothing is half-loaded and the retried job ends accepted once', async () => {
    const worker = spawnSlowWorker(h);
    const bytes = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: ROWS,
    });
    const pending = h.ingest(bytes, 'crash.xlsx', { asOf: IN_WINDOW });
    await until(async () => (await h.loader.queues.parse.getActiveCount()) > 0);
    process.kill(-worker.pid!, 'SIGKILL');

    const db = h.loader.database.db;
    const during = await queryRows<{ status: string; n: bigint }>(
      db,
      "SELECT status, (SELECT count(*) FROM pupils WHERE institution_code = '3042000001') AS n FROM submissions",
    );
    expect(during).toEqual([{ status: 'queued', n: 0n }]);

    await h.startParser();
    const report = await pending;
    expect(report.status).toBe('accepted');
    expect(report.rows).toEqual({ total: 4, accepted: 4, rejected: 0 });
    const after = await queryRows<{ current: bigint; pupils: bigint }>(
      db,
      `SELECT (SELECT count(*) FROM submissions WHERE is_current) AS current,
              (SELECT count(*) FROM pupils WHERE institution_code = '3042000001') AS pupils`,
    );
    expect(after).toEqual([{ current: 1n, pupils: 4n }]);
  });
});

describe('a parse worker asked to stop', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ parseWorker: false });
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => h?.close());

  it('when SIGTERM arrives mid-job then the job finishes, the report arrives and the process exits 0', async () => {
    const worker = spawn(process.execPath, ['bin/sis.js', 'worker', '--role', 'parse'], {
      env: { ...process.env, ...configToEnv(h.config), SIS_TEST_PARSE_DELAY_MS: '1500' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));
    const bytes = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: ROWS.slice(0, 2),
    });
    const pending = h.ingest(bytes, 'stop.xlsx', { asOf: IN_WINDOW });
    await until(async () => (await h.loader.queues.parse.getActiveCount()) > 0);
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((await pending).status).toBe('accepted');
  });
});
