import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { renderRegistryWorkbook } from '../../templates/write-registry.ts';
import { SMALL_REGISTRY } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';

describe('sis certify, provinces status and remind', { timeout: 240_000 }, () => {
  let dir: string;
  const prefix = `sis-cli-signoff-${randomUUID().slice(0, 8)}`;
  const env = () => ({ SIS_DATA_DIR: path.join(dir, 'data'), SIS_QUEUE_PREFIX: prefix });
  const sis = (...args: string[]) => runSis(args, env());

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-cli-signoff-'));
  });
  afterAll(async () => {
    await deleteQueueKeys(parseConfig(env(), SHIPPED_REFERENCE_DIR).redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('when a province certifies from the command line then status and reminders print the contract shapes', async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const registry = path.join(dir, 'registry.xlsx');
    await writeFile(registry, (await renderRegistryWorkbook(reference, SMALL_REGISTRY)).bytes);
    expect((await sis('registry', 'load', '--json', registry)).code).toBe(0);

    const remind = await sis('remind', '--round', '2562-2', '--province', '42', '--dry-run', '--json');
    expect(remind.code, remind.stderr).toBe(0);
    // The small registry: LAO 4200101 has an open school and an open CDC, no contact; 4200102 only a closed school.
    expect(JSON.parse(remind.stdout)).toEqual({
      round: '2562-2',
      province: '42',
      messages: [
        { laoCode: '4200101', to: null, institutions: ['3042000001', '7042000001'], status: 'dry-run' },
      ],
    });

    const certify = await sis('certify', '--round', '2562-2', '--province', '42', '--by', 'chief', '--json');
    expect(certify.code, certify.stderr).toBe(0);
    expect(JSON.parse(certify.stdout)).toMatchObject({
      round: '2562-2',
      province: '42',
      status: 'certified',
      version: 1,
      certifiedBy: 'chief',
    });
    const again = await sis('certify', '--round', '2562-2', '--province', '42', '--json');
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');

    const status = await sis('provinces', 'status', '--round', '2562-2', '--json');
    expect(status.code, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as {
      round: string;
      formsDueAt: string;
      provinces: Array<Record<string, unknown>>;
    };
    expect(shown.round).toBe('2562-2');
    expect(shown.formsDueAt).toBe('2019-12-27T17:00:00.000Z');
    expect(shown.provinces).toHaveLength(reference.provinces.length);
    expect(shown.provinces.find((p) => p.province === '42')).toEqual({
      province: '42',
      status: 'certified',
      certifiedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/u) as unknown,
      certifiedBy: 'chief',
      expected: 2,
      accepted: 0,
      notSubmitted: 2,
    });
    expect(shown.provinces.find((p) => p.province === '81')).toMatchObject({
      status: 'draft',
      certifiedAt: null,
      expected: 0,
    });
  });
});
