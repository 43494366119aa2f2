import { displayRedisUrl, runtimePaths } from '../pipeline/config.ts';
import { SisError } from '../pipeline/errors.ts';
import { openQueues, type Queues } from '../workers/connection.ts';
import { startLoader, type Loader } from '../workers/loader.ts';
import type { Logger } from '../workers/logger.ts';
import { startParseWorker, type ParseWorker } from '../workers/parse-worker.ts';
import type { CliContext } from './context.ts';

/** Queues to talk to, plus whatever workers this process had to start because none were running. */
export interface PipelineSession {
  readonly queues: Queues;
  readonly paths: ReturnType<typeof runtimePaths>;
  close(): Promise<void>;
}

/**
 * Connects to the queues; when no loader (or no parse worker) serves them, starts one in this
 * process, so `sis ingest` works alone and also beside a running `sis serve`.
 */
export async function openPipelineSession(ctx: CliContext, log: Logger): Promise<PipelineSession> {
  const queues = await connectQueues(ctx);
  let loader: Loader | undefined;
  let parser: ParseWorker | undefined;
  try {
    if ((await queues.load.getWorkersCount()) === 0) loader = await startLoader({ ...ctx, log });
    if ((await queues.parse.getWorkersCount()) === 0)
      parser = await startParseWorker(ctx.config, log, ctx.parseChild);
  } catch (error) {
    await queues.close();
    throw error;
  }
  return {
    queues,
    paths: runtimePaths(ctx.config),
    async close() {
      await parser?.close();
      await loader?.close();
      await queues.close();
    },
  };
}

async function connectQueues(ctx: CliContext): Promise<Queues> {
  const attempt = openQueues(ctx.config);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new SisError('queue/failed', `Redis does not answer at ${displayRedisUrl(ctx.config.redisUrl)}`),
        ),
      5000,
    ).unref(),
  );
  return Promise.race([attempt, timeout]);
}
