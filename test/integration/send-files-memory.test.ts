import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, runtimePaths } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { openQueues, type Queues } from '../../workers/connection.ts';
import { GROUPS } from '../../workers/contract.ts';
import { sendFiles } from '../../workers/send-files.ts';
import { collectGarbage } from '../support/collect-garbage.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';

/** Three waves' worth of files: two full ones and one file more. */
const FILES = 2 * GROUPS.waveFiles + 1;

/**
 * `sis ingest` sends a whole province (thousands of files) and then waits for every report. The
 * bytes of a wave are stored before its register job is added: from then on, nothing may hold
 * them, or the command keeps every file in memory until the last report is back.
 */
describe('sending many files', () => {
  let dir: string;
  let queues: Queues;
  let config: ReturnType<typeof parseConfig>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-send-'));
    config = parseConfig(
      {
        SIS_DATA_DIR: dir,
        SIS_QUEUE_PREFIX: `sis-test-${randomUUID().slice(0, 8)}`,
        REDIS_URL: process.env.REDIS_URL,
      },
      SHIPPED_REFERENCE_DIR,
    );
    queues = await openQueues(config);
  });
  afterAll(async () => {
    await queues?.close();
    if (config) await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('when every wave is sent, the files of the earlier waves are no longer held while their reports are awaited', async () => {
    const read = new Map<string, WeakRef<Uint8Array>>();
    const names = Array.from({ length: FILES }, (_, i) => `file-${i}.csv`);
    let held: string[] | undefined;
    let afterSent: Promise<void> | undefined;
    const sending = sendFiles(
      { queues, paths: runtimePaths(config) },
      names,
      { uploadedBy: 'test', options: {} },
      {
        // Distinct bytes per file (each is stored under its own hash), made here, referenced only
        // by the sender once returned.
        read: (file) => {
          const bytes = new TextEncoder().encode(`${file}\n${'x'.repeat(64 * 1024)}\n`);
          read.set(file, new WeakRef(bytes));
          return Promise.resolve(bytes);
        },
        onSent: () => {
          // No worker runs: the reports never come, so the sender is still waiting for them.
          afterSent = new Promise((resolve) => setImmediate(resolve)).then(() => {
            collectGarbage();
            held = [...read].filter(([, ref]) => ref.deref() !== undefined).map(([name]) => name);
          });
        },
        timeoutMs: 3000,
      },
    );
    await expect(sending).rejects.toThrow();
    await afterSent;

    expect(read.size).toBe(FILES);
    // Every file was stored before its bytes were let go.
    expect((await readdir(runtimePaths(config).uploads, { recursive: true })).length).toBeGreaterThanOrEqual(
      FILES,
    );
    // The last wave may still be referenced by the loop that sent it; no earlier one may be.
    const earlierWaves = new Set(names.slice(0, 2 * GROUPS.waveFiles));
    expect(held?.filter((name) => earlierWaves.has(name))).toEqual([]);
  });
});
