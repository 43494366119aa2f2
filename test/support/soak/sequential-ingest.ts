import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareWarehouse, removeRun, sisOutput, soakEnv, type SoakWindow } from './soak-system.ts';

/** Files per `sis ingest` call: well under the length of a command line. */
const FILES_PER_CALL = 1000;

/** A fresh warehouse for the sequential ingest, its window and registry already set. */
export interface SequentialWarehouse {
  readonly databaseFile: string;
  /** `sis ingest` of the files, one call after another, then one duplicate-detection run; resolves with its seconds. */
  ingest(files: readonly string[]): Promise<number>;
  remove(): Promise<void>;
}

/**
 * Opens the round's window and loads the registry into a fresh warehouse with `sis` commands
 * (no server: each starts its own loader), as the soak's server got them.
 */
export async function prepareSequential(
  registry: string,
  window: SoakWindow,
  extraEnv: Record<string, string> = {},
): Promise<SequentialWarehouse> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-soak-sequential-'));
  const env = soakEnv(dataDir, extraEnv);
  const sis = (args: readonly string[]) => sisOutput(args, env);
  try {
    await prepareWarehouse(sis, registry, window);
  } catch (error) {
    await removeRun(env, dataDir);
    throw error;
  }
  return {
    databaseFile: path.join(dataDir, 'runtime', 'sis.duckdb'),
    async ingest(files) {
      const started = performance.now();
      await ingestInCalls(sis, files);
      await sis(['dedup', '--json']);
      return (performance.now() - started) / 1000;
    },
    remove: () => removeRun(env, dataDir),
  };
}

/** `sis ingest` of many files, a thousand to a call, one call after another. */
export async function ingestInCalls(
  sis: (args: readonly string[]) => Promise<string>,
  files: readonly string[],
): Promise<void> {
  for (let i = 0; i < files.length; i += FILES_PER_CALL)
    await sis(['ingest', ...files.slice(i, i + FILES_PER_CALL), '--json']);
}
