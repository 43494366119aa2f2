import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { parseConfig, runtimePaths, type Config } from '../../pipeline/config.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { ingestUploads } from '../../workers/intake.ts';
import type { IngestOptions } from '../../workers/contract.ts';
import { startLoader, type Loader } from '../../workers/loader.ts';
import { silentLogger } from '../../workers/logger.ts';
import type { ParseChild } from '../../workers/parse-child.ts';
import { startParseWorker, type ParseWorker } from '../../workers/parse-worker.ts';
import { freshBuild } from '../../bin/fresh-build.js';

/** A whole pipeline for one test file: its own data folder, its own queue prefix, real Redis and DuckDB. */
export interface Harness {
  readonly config: Config;
  readonly reference: Reference;
  readonly loader: Loader;
  readonly parser: ParseWorker | undefined;
  startParser(): Promise<ParseWorker>;
  ingest(bytes: Uint8Array, fileName: string, opts?: IngestOpts): Promise<SubmissionReport>;
  /**
   * Empties the warehouse of everything a test writes (registry, submissions, rows, duplicate
   * results, decisions, accounts), so that the next test of a file that shares one pipeline starts
   * from the same state as on a new one. Migrations and reference tables stay.
   */
  reset(): Promise<void>;
  /** Stops the parse worker and the loader (the warehouse file is then free to open); keeps the data. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Tables a test can write to, children before the tables they point at. */
const TEST_WRITTEN_TABLES = [
  'certified_forms',
  'province_certifications',
  'reminder_outbox',
  'lao_contacts',
  'record_decisions',
  'dedup_school_claims',
  'dedup_not_same',
  'dedup_decisions',
  'dedup_pairs',
  'dedup_members',
  'dedup_clusters',
  'dedup_runs',
  'institution_facts',
  'other_school_counts',
  'children',
  'pupils',
  'issues',
  'submissions',
  'window_exceptions',
  'registry_loads',
  'other_schools',
  'institutions',
  'laos',
  'audit_log',
  'api_tokens',
  'users',
] as const;

export interface IngestOpts {
  readonly asOf?: Date;
  readonly options?: IngestOptions;
  readonly uploadedBy?: string;
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  /** Start a parse worker in this process (default true). */
  readonly parseWorker?: boolean;
  /** The loader's clock (default: the real one). */
  readonly now?: () => Date;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Parse children from the ahead-of-time build while it is up to date (`npm test` builds first),
 * as `sis` runs them; otherwise from the sources. Spares each harness a TypeScript compile per child.
 */
function builtParseChild(): ParseChild | undefined {
  const build = freshBuild(ROOT);
  return build ? { file: build.parseChild, execArgv: [] } : undefined;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const env = options.env ?? {};
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-test-'));
  const prefix = `sis-test-${randomUUID().slice(0, 8)}`;
  const config = parseConfig(
    { SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix, REDIS_URL: process.env.REDIS_URL, ...env },
    SHIPPED_REFERENCE_DIR,
  );
  const reference = await loadReference(config.referenceDir);
  const loader = await startLoader({ config, reference, log: silentLogger, now: options.now });
  let parser =
    options.parseWorker === false
      ? undefined
      : await startParseWorker(config, silentLogger, builtParseChild());
  const deps = { queues: loader.queues, paths: runtimePaths(config) };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await parser?.close();
    await loader.close();
  };
  return {
    config,
    reference,
    loader,
    get parser() {
      return parser;
    },
    async startParser() {
      parser = await startParseWorker(config, silentLogger, builtParseChild());
      return parser;
    },
    async ingest(bytes, fileName, opts = {}) {
      const now = new Date();
      const [report] = await ingestUploads(
        deps,
        [
          {
            bytes,
            fileName,
            uploadedBy: opts.uploadedBy ?? 'test',
            uploadedAt: now,
            asOf: opts.asOf ?? now,
            options: opts.options ?? {},
          },
        ],
        60_000,
      );
      return report!;
    },
    async reset() {
      await loader.exclusive(async (db) => {
        for (const table of TEST_WRITTEN_TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
      });
    },
    stop,
    async close() {
      await stop();
      await deleteQueueKeys(config.redisUrl, prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Removes every Redis key of a test's queue prefix. */
export async function deleteQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
