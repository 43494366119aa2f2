import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deleteQueueKeys } from '../pipeline-harness.ts';
import { runSis } from '../run-sis.ts';
import { startSisProcess, type SisProcess } from './sis-process.ts';

/** The round `sis generate` writes by default. */
export const SOAK_ROUND = '2569-2';

/** A window around now, so the run does not depend on the day it runs (the same on both warehouses). */
export interface SoakWindow {
  readonly opensAt: string;
  readonly closesAt: string;
}

export function windowAroundNow(now = Date.now()): SoakWindow {
  const day = 24 * 3600_000;
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return { opensAt: iso(now - 30 * day), closesAt: iso(now + 30 * day) };
}

/** A running server (loader + web app) and parse-worker processes on their own data folder and queue prefix. */
export interface SoakSystem {
  readonly url: string;
  readonly token: string;
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly server: SisProcess;
  readonly workers: readonly SisProcess[];
  /** Runs a one-shot `sis` command against this system (it joins the running loader). */
  sis(args: readonly string[]): Promise<string>;
  /** Stops the processes (SIGTERM); the data folder stays until `remove`. */
  stop(): Promise<void>;
  /** Deletes the data folder and the queue keys. */
  remove(): Promise<void>;
}

export interface SoakSystemOptions {
  readonly workers: number;
  readonly registry: string;
  readonly window: SoakWindow;
  /** Extra environment (SIS_WORKER_CONCURRENCY, SIS_MAX_CONCURRENT_UPLOADS, …). */
  readonly env?: Record<string, string>;
}

/**
 * Starts `sis serve --no-parse-worker` and `workers` × `sis worker --role parse` as separate
 * processes sharing one Redis (a fresh queue prefix) and one data folder (a fresh temp folder),
 * opens the round's window around now, loads the registry and makes an admin's API token.
 */
export async function startSoakSystem(options: SoakSystemOptions): Promise<SoakSystem> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-soak-'));
  const env = soakEnv(dataDir, options.env);
  const started: SisProcess[] = [];
  const track = (p: Promise<SisProcess>) => p.then((running) => (started.push(running), running));
  try {
    // The loader must hold the database before any one-shot command runs, or that command would start one.
    const [server, ...workers] = await Promise.all([
      track(startSisProcess('server', ['serve', '--no-parse-worker'], env, /serving on http/u)),
      ...Array.from({ length: options.workers }, (_, i) =>
        track(startSisProcess(`worker ${i + 1}`, ['worker', '--role', 'parse'], env, /"message":"ready"/u)),
      ),
    ]);
    const sis = (args: readonly string[]) => sisOutput(args, env);
    await Promise.all([
      prepareWarehouse(sis, options.registry, options.window),
      sis(['user', 'add', 'soak', '--role', 'admin', '--by', 'soak']),
    ]);
    const { token } = JSON.parse(await sis(['token', 'create', 'soak', '--json', '--by', 'soak'])) as {
      token: string;
    };
    return {
      url: /serving on (http\S+)/u.exec(server!.readyLine)![1]!,
      token,
      dataDir,
      env,
      server: server!,
      workers,
      sis,
      stop: () => stopAll(started),
      remove: () => removeRun(env, dataDir),
    };
  } catch (error) {
    await stopAll(started);
    await removeRun(env, dataDir);
    throw error;
  }
}

/** The environment of one run: its own data folder and queue prefix, an ephemeral port, no reminders. */
export function soakEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SIS_DATA_DIR: dataDir,
    SIS_QUEUE_PREFIX: `sis-soak-${randomUUID().slice(0, 8)}`,
    PORT: '0',
    SIS_REMIND_DAYS: '',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...extra,
  };
}

/** The same first steps on every warehouse that is compared: the round's window, then the registry. */
export async function prepareWarehouse(
  sis: (args: readonly string[]) => Promise<string>,
  registry: string,
  window: SoakWindow,
): Promise<void> {
  await sis([
    'window',
    'set',
    '--round',
    SOAK_ROUND,
    '--opens-at',
    window.opensAt,
    '--closes-at',
    window.closesAt,
    '--by',
    'soak',
  ]);
  await sis(['registry', 'load', registry, '--json']);
}

/** Runs one `sis` command; a non-zero exit is an error carrying its stderr. */
export async function sisOutput(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 15 * 60_000,
): Promise<string> {
  const run = await runSis(args, env, timeoutMs);
  if (run.code !== 0)
    throw new Error(`sis ${args.slice(0, 2).join(' ')} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

async function stopAll(processes: readonly SisProcess[]): Promise<void> {
  // Workers first, so no parse job is half-done when the loader closes.
  for (const p of [...processes].filter((p) => p.name !== 'server')) await p.stop();
  for (const p of processes.filter((p) => p.name === 'server')) await p.stop();
}

/** Deletes a run's data folder and its queue keys. */
export async function removeRun(env: Record<string, string>, dataDir: string): Promise<void> {
  await deleteQueueKeys(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.SIS_QUEUE_PREFIX!);
  await rm(dataDir, { recursive: true, force: true });
}
