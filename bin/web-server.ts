import type { Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { Config } from '../pipeline/config.ts';
import { runtimePaths } from '../pipeline/config.ts';
import { createKysely } from '../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import type { Reference } from '../pipeline/reference/reference.ts';
import { startLoader, type Loader } from '../workers/loader.ts';
import type { Logger } from '../workers/logger.ts';
import { startParseWorker } from '../workers/parse-worker.ts';
import { createApp } from '../dashboard/app.ts';

export interface RunningServer {
  readonly url: string;
  readonly loader: Loader;
  readonly paths: ReturnType<typeof runtimePaths>;
  close(): Promise<void>;
}

/**
 * The main service: the loader (owner of the DuckDB file), a parse worker and the HTTP app. Pages
 * read through their own DuckDB connection, so they see committed data only.
 */
export interface ServerDeps {
  readonly config: Config;
  readonly reference: Reference;
  readonly log: Logger;
  readonly parseWorker?: boolean;
  /** The clock of uploads (their window check); tests fix it. */
  readonly now?: () => Date;
}

export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const loader = await startLoader(deps);
  const paths = runtimePaths(deps.config);
  const parser: Worker | undefined =
    deps.parseWorker === false ? undefined : await startParseWorker(deps.config, deps.log);
  const readConnection = await loader.database.instance.connect();
  const app = await createApp({
    db: createKysely<Warehouse>(readConnection),
    reference: deps.reference,
    intake: { queues: loader.queues, paths },
    maxUploadBytes: deps.config.maxUploadBytes,
    now: deps.now ?? (() => new Date()),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(deps.config.port, '127.0.0.1', () => resolve(s));
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  return {
    url: `http://127.0.0.1:${port}`,
    loader,
    paths,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parser?.close();
      readConnection.closeSync();
      await loader.close();
    },
  };
}
