/**
 * Dashboard benchmark: a server (loader + web app, as `sis serve` runs them) over a whole
 * country's round generated in SQL (20,000 institutions, ~1.5 M records), loaded on loopback by
 * autocannon with 50 connections; prints p50/p95/p99 per page. Asserts nothing.
 *
 * Usage: `npm run bench:dashboard -- [--rows 1500000] [--seconds 10] [--connections 50]`
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServer } from '../../bin/web-server.ts';
import { parseConfig, runtimePaths } from '../../pipeline/config.ts';
import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';
import { hashPassword, generateToken } from '../../pipeline/auth/secrets.ts';
import { SHIPPED_REFERENCE_DIR, findRound, loadReference } from '../../pipeline/reference/reference.ts';
import { silentLogger } from '../../workers/logger.ts';
import { applyAccountChange } from '../../workers/processors/accounts.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { generateDashboardRound } from './support/dashboard-data.ts';

/** A closed round: no scheduled duplicate detection starts during the run. */
const ROUND = '2569-1';
const PREVIOUS = '2562-2';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1500000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const say = (line = ''): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const reference = await loadReference(SHIPPED_REFERENCE_DIR);
  const round = findRound(reference, ROUND)!;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-dashboard-'));
  const prefix = `sis-bench-${randomUUID().slice(0, 8)}`;
  const config = parseConfig(
    { SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix, PORT: '0', REDIS_URL: process.env.REDIS_URL },
    SHIPPED_REFERENCE_DIR,
  );
  const file = runtimePaths(config).database;
  await mkdir(path.dirname(file), { recursive: true });
  const started = performance.now();
  const db = await openDatabase(file);
  await generateDashboardRound(
    db.connection,
    { id: ROUND, opensAt: round.opens_at, closesAt: round.closes_at },
    PREVIOUS,
    Number(flags.rows),
  );
  const [count] = await queryRows<{ records: bigint; institutions: bigint }>(
    db.connection,
    `SELECT (SELECT count(*) FROM pupils) + (SELECT count(*) FROM children) AS records,
            (SELECT count(*) FROM institutions) AS institutions`,
  );
  closeDatabase(db);
  process.stderr.write(
    `bench:dashboard: generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const server = await startServer({ config, reference, log: silentLogger, parseWorker: false });
  try {
    const admin = await addToken(server.loader, 'bench-admin', 'admin', null);
    const loei = await addToken(server.loader, 'bench-loei', 'province', '42');
    const pages: Array<[string, string, string]> = [
      ['/completeness, one province (42)', `/completeness?round=${ROUND}&province=42`, loei],
      ['/completeness, whole country', `/completeness?round=${ROUND}`, admin],
      ['/api/completeness, one province (42)', `/api/completeness?round=${ROUND}&province=42`, loei],
      ['/api/completeness, whole country', `/api/completeness?round=${ROUND}`, admin],
      [
        '/completeness/not-submitted.csv, province',
        `/completeness/not-submitted.csv?round=${ROUND}&province=42`,
        loei,
      ],
    ];
    say(
      `dashboard benchmark: ${Number(count?.records ?? 0).toLocaleString('en')} records, ` +
        `${Number(count?.institutions ?? 0).toLocaleString('en')} institutions, ` +
        `${flags.connections} connections, ${flags.seconds} s per page, loopback`,
    );
    say(
      `  ${'page'.padEnd(44)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}  non-2xx`,
    );
    for (const [name, url, token] of pages) say(`  ${await measure(server.url, name, url, token)}`);
  } finally {
    await server.close();
    await deleteQueueKeys(config.redisUrl, prefix);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One page under load: requests per second and latency percentiles from every response. */
async function measure(base: string, name: string, url: string, token: string): Promise<string> {
  const latencies: number[] = [];
  const run = autocannon({
    url: `${base}${url}`,
    connections: Number(flags.connections),
    duration: Number(flags.seconds),
    headers: { authorization: `Bearer ${token}` },
  });
  run.on('response', (_client, _status, _bytes, ms) => void latencies.push(ms));
  const result = await run;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    `${(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(0)} ms`;
  return `${name.padEnd(44)} ${result.requests.average.toFixed(0).padStart(7)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${at(0.99).padStart(8)}  ${result.non2xx + result.errors}`;
}

/** An account and its API token, made in the loader's lane as `sis user add` and `sis token create` do. */
async function addToken(
  loader: Awaited<ReturnType<typeof startServer>>['loader'],
  username: string,
  role: 'admin' | 'province',
  provinceCode: string | null,
): Promise<string> {
  const token = generateToken();
  const at = new Date().toISOString();
  const deps = { db: loader.db, provinces: new Set(['42']) };
  await loader.exclusive(async () => {
    await applyAccountChange(deps, {
      op: 'user-add',
      username,
      role,
      provinceCode,
      passwordHash: await hashPassword(randomUUID()),
      by: 'bench',
      at,
    });
    await applyAccountChange(deps, {
      op: 'token-create',
      username,
      tokenId: token.tokenId,
      secretHash: token.secretHash,
      label: null,
      by: 'bench',
      at,
    });
  });
  return token.token;
}

await main();
