import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, runtimePaths, type Config } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { groupStagingDir, readStagedGroup } from '../../pipeline/staging/write-staging.ts';
import { putBlob } from '../../pipeline/storage/blob-store.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { groupKey, type ParseFile } from '../../workers/contract.ts';
import { parseStoredFiles } from '../../workers/processors/parse.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { validId } from '../support/fixtures.ts';

const G3 = groupKey([10, 11, 12]);
const INFO = { institution_code: '3042000001', academic_year: 2562, term: 2 };

function roster(n: number): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, {
    info: INFO,
    rows: [
      {
        national_id: validId(`11037024${String(3000 + n)}`),
        prefix: 'ด.ช.',
        first_name: `กลุ่ม${n}`,
        last_name: 'ทดสอบ',
        sex: 'ชาย',
        birth_date: '05/03/2556',
        grade: 'ป.1',
      },
    ],
  });
}

describe('a parse job over a group of files', () => {
  let dataDir: string;
  let config: Config;
  let reference: Reference;
  const deps = () => ({ config, reference, progress: async () => {} });

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-group-'));
    config = parseConfig({ SIS_DATA_DIR: dataDir }, SHIPPED_REFERENCE_DIR);
    reference = await loadReference(config.referenceDir);
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  async function files(count: number): Promise<ParseFile[]> {
    const uploads = runtimePaths(config).uploads;
    return Promise.all(
      Array.from({ length: count }, async (_, i) => ({
        submissionId: 10 + i,
        sha256: await putBlob(uploads, roster(i)),
        fileName: `f${i}.xlsx`,
        options: {},
      })),
    );
  }

  it('when it runs the first time then the whole group is staged as one part', async () => {
    const group = await files(3);
    const result = await parseStoredFiles(deps(), { group: G3, files: group }, 0);
    expect(result.files.map((f) => f.submissionId)).toEqual([10, 11, 12]);
    const dir = groupStagingDir(runtimePaths(config).staging, G3);
    expect(await readdir(dir)).toEqual(['group']);
    const staged = await readStagedGroup(dir);
    expect([...staged.keys()]).toEqual([10, 11, 12]);
    expect(staged.get(11)?.summary).toMatchObject({
      status: 'accepted',
      subjectCode: '3042000001',
      staged: ['pupils'],
    });
  });

  it('when it is retried then staged files are skipped, the file it died on goes last, and each file is its own part', async () => {
    const group = await files(3);
    const dir = groupStagingDir(runtimePaths(config).staging, G3);
    await parseStoredFiles(deps(), { group: G3, files: group.slice(0, 1) }, 0);
    const retried = await parseStoredFiles(deps(), { group: G3, files: group }, 1);
    expect(retried.files.map((f) => f.submissionId)).toEqual([12, 11]);
    expect((await readdir(dir)).sort()).toEqual(['file-11', 'file-12', 'group']);
    expect([...(await readStagedGroup(dir)).keys()].sort()).toEqual([10, 11, 12]);
  });

  it('when a stored file is gone for good then the others are staged and it is left out', async () => {
    const group = await files(2);
    const lost = group[0]!.sha256;
    await rm(path.join(runtimePaths(config).uploads, lost.slice(0, 2), lost));
    const result = await parseStoredFiles(deps(), { group: groupKey([10, 11]), files: group }, 0);
    expect(result.files.map((f) => f.submissionId)).toEqual([11]);
  });
});
