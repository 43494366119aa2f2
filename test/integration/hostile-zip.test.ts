import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflatedZeros, zipBytes } from '../helpers/zip-bytes.ts';
import { REPO_ROOT } from '../support/run-sis.ts';

const GIB = 1024 * 1024 * 1024;
const MEMORY_BOUND_MB = 512;

interface ChildResult {
  readonly ok: boolean;
  readonly issue: { code: string; message: string } | null;
  readonly maxRssMb: number;
}

/** Reads a file in a process of its own, as a parse child would, and reports its peak memory. */
async function readInChild(file: string): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'test/support/read-file-child.ts'), file],
    { cwd: REPO_ROOT, env: { ...process.env }, timeout: 120_000 },
  );
  return JSON.parse(stdout) as ChildResult;
}

describe('a 1 GiB zip bomb named .xlsx', { timeout: 180_000 }, () => {
  let dir: string;
  let honest: string;
  let lying: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-bomb-'));
    const zeros = await deflatedZeros(GIB);
    honest = path.join(dir, 'honest-bomb.xlsx');
    lying = path.join(dir, 'lying-bomb.xlsx');
    await writeFile(honest, zipBytes([{ name: 'xl/worksheets/sheet1.xml', deflated: zeros }]));
    // The same stream under a header that claims 2 KB: the ratio looks harmless.
    await writeFile(
      lying,
      zipBytes([{ name: 'xl/worksheets/sheet1.xml', deflated: zeros, declaredSize: 2048 }]),
    );
  }, 180_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('when its headers tell the truth then it is refused by its ratio, naming the limit, in bounded memory', async () => {
    const result = await readInChild(honest);
    expect(result.ok).toBe(false);
    expect(result.issue?.code).toBe('file/over-limit');
    expect(result.issue?.message).toContain('SIS_MAX_ZIP_RATIO');
    expect(result.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('when its header lies about the size then inflating stops at the claim and the file is unreadable, in bounded memory', async () => {
    const result = await readInChild(lying);
    expect(result.ok).toBe(false);
    expect(result.issue?.code).toBe('file/unreadable');
    expect(result.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
  });
});
