import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../pipeline/issues/codes.ts';
import { corpusManifest, safeFileName, type CorpusEntry } from '../helpers/bad-input-corpus.ts';
import { REPO_ROOT } from '../support/run-sis.ts';

/** The most a parse child may hold for any file of the corpus (and V8's heap cap given to it). */
const MEMORY_BOUND_MB = 512;
const SHARDS = 2;

interface FileResult {
  readonly file: string;
  readonly status: string;
  readonly rowsAccepted: number;
  readonly issues: readonly { code: string; message: string; sheet: string | null; cell: string | null }[];
  readonly first: Readonly<Record<string, string>> | null;
}

interface ShardOutput {
  readonly results: FileResult[];
  readonly started: string[];
  readonly maxRssMb: number | null;
  readonly exitCode: number;
}

/** Runs a script of test/support in a process of its own with a heap cap; its exit code and stdout. */
async function runChild(script: string, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        `--max-old-space-size=${MEMORY_BOUND_MB}`,
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'test/support', script),
        ...args,
      ],
      // A clean environment: the limits under test are the configuration's defaults.
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '' },
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '' };
  }
}

function readShard(code: number, stdout: string): ShardOutput {
  const lines = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    results: lines.filter((l) => 'file' in l) as unknown as FileResult[],
    started: lines.filter((l) => 'start' in l).map((l) => String(l.start)),
    maxRssMb: (lines.find((l) => 'maxRssMb' in l)?.maxRssMb as number | undefined) ?? null,
    exitCode: code,
  };
}

/** What a report must never show a clerk: a stack trace, a source path, an exception's name. */
const RAW_ERROR = /\n\s+at\s|\.[cm]?[jt]s:\d+|\b(TypeError|RangeError|SyntaxError|Error):/u;

describe(
  'the bad-input corpus, every file through the parse path in bounded processes',
  { timeout: 240_000 },
  () => {
    let dir: string;
    let manifest: CorpusEntry[];
    let shards: ShardOutput[];
    let byFile: Map<string, FileResult>;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'sis-corpus-'));
      manifest = corpusManifest();
      const shardArgs = Array.from({ length: SHARDS }, (_, i) => [dir, String(i), String(SHARDS)]);
      const written = await Promise.all(shardArgs.map((args) => runChild('write-corpus-child.ts', args)));
      expect(written.map((w) => w.code)).toEqual(written.map(() => 0));
      shards = await Promise.all(
        shardArgs.map(async (args) => {
          const { code, stdout } = await runChild('parse-corpus-child.ts', args);
          return readShard(code, stdout);
        }),
      );
      byFile = new Map(shards.flatMap((s) => s.results).map((r) => [r.file, r]));
    }, 240_000);
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('when the corpus is written then it holds at least 200 distinct files on disk', async () => {
      expect(manifest.length).toBeGreaterThanOrEqual(200);
      expect(new Set(manifest.map((e) => e.name)).size).toBe(manifest.length);
      const onDisk = new Set(await readdir(dir));
      expect(manifest.filter((e) => !onDisk.has(safeFileName(e.name))).map((e) => e.name)).toEqual([]);
    });

    it('when every file is parsed then no process crashes or runs out of its memory bound and every file has a report', () => {
      const crashedOn = shards.filter((s) => s.exitCode !== 0).map((s) => s.started.at(-1));
      expect(crashedOn).toEqual([]);
      expect(manifest.filter((e) => !byFile.has(e.name)).map((e) => e.name)).toEqual([]);
      for (const shard of shards) expect(shard.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
    });

    it('when a file is refused then it carries a catalogued issue, and no report shows a raw error', () => {
      const unexplained = [...byFile.values()].filter(
        (r) => r.status === 'rejected' && !r.issues.some((i) => i.code in ISSUE_CODES),
      );
      expect(unexplained.map((r) => r.file)).toEqual([]);
      const statuses = new Set([...byFile.values()].map((r) => r.status));
      expect([...statuses].filter((s) => !['accepted', 'partial', 'rejected'].includes(s))).toEqual([]);
      const raw = [...byFile.values()].filter((r) => r.issues.some((i) => RAW_ERROR.test(i.message)));
      expect(raw.map((r) => r.file)).toEqual([]);
      const uncatalogued = [...byFile.values()].filter((r) => r.issues.some((i) => !(i.code in ISSUE_CODES)));
      expect(uncatalogued.map((r) => r.file)).toEqual([]);
    });

    it('when a case says what must come of it then that is what came of it', () => {
      const misread = manifest.flatMap((entry) => {
        const result = byFile.get(entry.name);
        const want = entry.expect;
        if (!result || !want) return [];
        const problems: string[] = [];
        if (want.status && result.status !== want.status) problems.push(`status ${result.status}`);
        const issue = want.code ? result.issues.find((i) => i.code === want.code) : undefined;
        if (want.code && !issue)
          problems.push(`no ${want.code} in ${result.issues.map((i) => i.code).join(',')}`);
        if (want.mentions && !result.issues.some((i) => i.message.includes(want.mentions!)))
          problems.push(`no issue names ${want.mentions}`);
        for (const [key, value] of Object.entries(want.first ?? {}))
          if (result.first?.[key] !== value) problems.push(`${key} ${result.first?.[key]} ≠ ${value}`);
        return problems.length > 0 ? [`${entry.name}: ${problems.join('; ')}`] : [];
      });
      expect(misread).toEqual([]);
      // Not a vacuous check: most files are refused, some are read, and the limits were met.
      const refused = [...byFile.values()].filter((r) => r.status === 'rejected').length;
      expect(refused).toBeGreaterThan(manifest.length / 2);
      expect([...byFile.values()].filter((r) => r.status === 'accepted').length).toBeGreaterThan(20);
    });
  },
);
