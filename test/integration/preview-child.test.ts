import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPreviewer } from '../../bin/preview-child.ts';
import { parseConfig, type Config } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import type { Logger } from '../../workers/logger.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { validId } from '../support/fixtures.ts';

const PUPIL = {
  national_id: validId('110370248801'),
  prefix: 'ด.ญ.',
  first_name: 'ตัวอย่าง',
  last_name: 'ลองดู',
  sex: 'หญิง',
  birth_date: '03/04/2556',
  grade: 'ป.1',
};

/** A logger that keeps its warnings, to check what a failed preview says. */
function keptWarnings(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, log: { info: () => {}, warn: (message) => warnings.push(message), error: () => {} } };
}

describe('the replacement preview child', () => {
  let dir: string;
  let config: Config;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-preview-'));
    config = parseConfig({ SIS_DATA_DIR: dir }, SHIPPED_REFERENCE_DIR);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('when a roster is previewed then a child process answers its institution, round and people', async () => {
    const file = path.join(dir, 'roster.part');
    const info = { institution_code: '3042000001', academic_year: 2562, term: 2 };
    await writeFile(file, await writeRosterWorkbook(SIS_STUDENTS, { info, rows: [PUPIL] }));
    const { log, warnings } = keptWarnings();
    const preview = await childPreviewer(config, log)(
      { path: file, sha256: '0'.repeat(64), size: 0 },
      'roster.xlsx',
      {},
      100,
    );
    expect(preview).toEqual({
      rejected: false,
      subjectCode: '3042000001',
      roundId: '2562-2',
      people: [
        {
          nationalId: PUPIL.national_id,
          prefix: PUPIL.prefix,
          firstName: PUPIL.first_name,
          lastName: PUPIL.last_name,
          // Normalised as the warehouse keeps it: หญิง → F.
          sex: 'F',
          birthDate: '2013-04-03',
          level: 'ป.1',
        },
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('when the child cannot read the file then there is no preview and a warning, not a crash', async () => {
    const { log, warnings } = keptWarnings();
    const preview = await childPreviewer(config, log)({ stored: 'f'.repeat(64) }, 'gone.xlsx', {}, 100);
    expect(preview).toBeUndefined();
    expect(warnings).toEqual(['replacement preview failed; the upload goes on without one']);
  });
});
