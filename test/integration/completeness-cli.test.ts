import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { renderRegistryWorkbook } from '../../templates/write-registry.ts';
import {
  CLOSES_2562_2,
  CODES,
  COMPLETENESS_REGISTRY,
  INSTITUTION_KEYS,
  TOP_KEYS,
  TOTAL_KEYS,
  pupil,
  roundFiles,
  schoolRoster,
} from '../support/completeness-fixtures.ts';
import { IN_WINDOW } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis, type SisRun } from '../support/run-sis.ts';

const SERIES = '11037032';
/** An instant inside round 2569-1's window (18 May – 30 Jun 2569, Bangkok). */
const IN_2569_1 = '2026-06-01T03:00:00Z';
const sortedKeys = (value: object) => Object.keys(value).sort();

interface ContractJson {
  round: string;
  province: string | null;
  closesAt: string;
  totals: Record<string, number>;
  institutions: Array<{
    institutionCode: string;
    status: string;
    pupils: number | null;
    previousPupils: number | null;
  }>;
}

describe('sis completeness', { timeout: 240_000 }, () => {
  let tmp: string;
  let prefix: string;
  let sis: (...args: string[]) => Promise<SisRun>;

  const json = async (...args: string[]): Promise<ContractJson> => {
    const run = await sis('completeness', '--json', ...args);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as ContractJson;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sis-completeness-'));
    prefix = `sis-cmp-test-${randomUUID().slice(0, 8)}`;
    const env = { SIS_DATA_DIR: path.join(tmp, 'data'), SIS_QUEUE_PREFIX: prefix };
    sis = (...args) => runSis(args, env, 120_000);
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const registry = await renderRegistryWorkbook(reference, COMPLETENESS_REGISTRY);
    const files: string[] = [];
    for (const [key, bytes] of Object.entries({ registry: registry.bytes, ...roundFiles(SERIES) })) {
      files.push(path.join(tmp, `${key}.xlsx`));
      await writeFile(files.at(-1)!, bytes);
    }
    const loaded = await sis('registry', 'load', '--json', files[0]!);
    expect(loaded.code, loaded.stderr).toBe(0);
    const ingested = await sis('ingest', '--json', '--as-of', IN_WINDOW.toISOString(), ...files.slice(1));
    expect(ingested.code, ingested.stderr).toBe(0);
    // Round 2569-1: school A counts 5 pupils (3 in 2562-2: a rise of more than a fifth).
    const next = path.join(tmp, 'a-2569-1.xlsx');
    const rows = [1, 2, 3, 4, 5].map((n) => pupil(SERIES, 50 + n, '05/03/2563'));
    await writeFile(next, schoolRoster(CODES.schoolA, rows, 2569, 1));
    const later = await sis('ingest', '--json', '--as-of', IN_2569_1, next);
    expect(later.code, later.stderr).toBe(0);
    expect((JSON.parse(later.stdout) as Array<{ status: string }>)[0]!.status).toBe('accepted');
  });
  afterAll(async () => {
    const { redisUrl } = parseConfig({ REDIS_URL: process.env.REDIS_URL }, SHIPPED_REFERENCE_DIR);
    await deleteQueueKeys(redisUrl, prefix);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('when asked for one province with --json then it prints the contract object with totals by content', async () => {
    const body = await json('--round', '2562-2', '--province', '42');
    expect(sortedKeys(body)).toEqual(TOP_KEYS);
    expect(sortedKeys(body.totals)).toEqual(TOTAL_KEYS);
    for (const row of body.institutions) expect(sortedKeys(row)).toEqual(INSTITUTION_KEYS);
    expect(body).toMatchObject({ round: '2562-2', province: '42', closesAt: CLOSES_2562_2 });
    expect(body.totals).toEqual({
      expected: 4,
      submitted: 3,
      accepted: 1,
      partial: 1,
      rejected: 1,
      notSubmitted: 1,
    });
    expect(body.institutions.map((i) => [i.institutionCode, i.status, i.pupils])).toEqual([
      [CODES.schoolR, 'rejected', null],
      [CODES.schoolN, 'not-submitted', null],
      [CODES.schoolA, 'accepted', 3],
      [CODES.cdcC, 'partial', 2],
    ]);
  });

  it('when no province is given then the whole country is counted (province null)', async () => {
    const body = await json('--round', '2562-2');
    expect(body.province).toBeNull();
    expect(body.totals).toEqual({
      expected: 5,
      submitted: 4,
      accepted: 2,
      partial: 1,
      rejected: 1,
      notSubmitted: 1,
    });
    expect(body.institutions.find((i) => i.institutionCode === CODES.schoolK)?.status).toBe('accepted');
  });

  it('when the next round is asked for then pupils stand beside the previous round’s', async () => {
    const body = await json('--round', '2569-1', '--province', '42');
    expect(body.totals).toEqual({
      expected: 4,
      submitted: 1,
      accepted: 1,
      partial: 0,
      rejected: 0,
      notSubmitted: 3,
    });
    expect(body.institutions.map((i) => [i.institutionCode, i.status, i.pupils, i.previousPupils])).toEqual([
      [CODES.schoolR, 'not-submitted', null, null],
      [CODES.schoolN, 'not-submitted', null, null],
      [CODES.schoolA, 'accepted', 5, 3],
      [CODES.cdcC, 'not-submitted', null, 2],
    ]);
  });

  it('when --round is left out then the current round of data/rounds.csv is used', async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const opened = reference.rounds.filter((r) => Date.parse(r.opens_at) <= Date.now());
    const expected = opened.sort((a, b) => a.opens_at.localeCompare(b.opens_at)).at(-1)!.round_id;
    expect((await json('--province', '42')).round).toBe(expected);
  });

  it('when the province or round is malformed then it exits 2 with one line on stderr and prints nothing', async () => {
    for (const args of [
      ['--province', '4'],
      ['--round', '2500-1'],
    ]) {
      const run = await sis('completeness', '--json', ...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('when --json is left out then it prints the totals and the institutions to chase', async () => {
    const run = await sis('completeness', '--round', '2562-2', '--province', '42');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]).toBe('expected 4, submitted 3: accepted 1, partial 1, rejected 1; not submitted 1');
    expect(lines.slice(2).map((l) => l.split('\t')[0])).toEqual([CODES.schoolR, CODES.schoolN]);
  });
});
