import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Express, RequestHandler } from 'express';
import { Redis } from 'ioredis';
import { appendAudit, type AuditEntry } from '../pipeline/auth/account-repository.ts';
import type { Config } from '../pipeline/config.ts';
import { runtimePaths } from '../pipeline/config.ts';
import { sweepIncoming } from '../pipeline/storage/sweep-incoming.ts';
import type { Reference } from '../pipeline/reference/reference.ts';
import type { IntakePort } from '../workers/contract.ts';
import { startLoader, type Loader } from '../workers/loader.ts';
import type { Logger } from '../workers/logger.ts';
import type { ParseChild } from '../workers/parse-child.ts';
import { startParseWorker, type ParseWorker } from '../workers/parse-worker.ts';
import { createApp } from '../dashboard/app.ts';
import { queueIntakePort } from './intake-port.ts';
import { childPreviewer } from './preview-child.ts';
import { queueBoard } from './queue-board.ts';
import { readBesideLoader, type ReadPath } from './read-path.ts';

export interface RunningServer {
  readonly url: string;
  /** The HTTP app as built (its routes can be listed, e.g. by the access-matrix test). */
  readonly app: Express;
  readonly loader: Loader;
  readonly paths: ReturnType<typeof runtimePaths>;
  close(): Promise<void>;
}

/**
 * The main service: the loader (owner of the DuckDB file), a parse worker and the HTTP app, in
 * one process. Pages read through their own DuckDB connection, so they see committed data only.
 */
export interface ServerDeps {
  readonly config: Config;
  readonly reference: Reference;
  readonly log: Logger;
  readonly parseWorker?: boolean;
  /** How parse children start (the sources' processor unless the executable runs a build). */
  readonly parseChild?: ParseChild;
  /** The clock of uploads (their window check); tests fix it. */
  readonly now?: () => Date;
}

export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const loader = await startLoader(deps);
  const paths = runtimePaths(deps.config);
  const parser: ParseWorker | undefined =
    deps.parseWorker === false ? undefined : await startParseWorker(deps.config, deps.log, deps.parseChild);
  const read = await readBesideLoader(loader);
  const web = await startWebApp({
    config: deps.config,
    reference: deps.reference,
    read,
    intake: queueIntakePort({
      queues: loader.queues,
      paths,
      previewRoster: childPreviewer(deps.config, deps.log),
    }),
    queueBoard: queueBoard(loader.queues),
    now: deps.now ?? (() => new Date()),
    log: deps.log,
    // Beside the loader, audit lines are written in its lane, synchronously: a login is on
    // record before its answer leaves. A web app of its own would send them as loader jobs.
    audit: (entries) => loader.exclusive((db) => appendAudit(db, entries)),
  });
  return {
    url: web.url,
    app: web.app,
    loader,
    paths,
    async close() {
      await web.close();
      await parser?.close();
      read.close();
      await loader.close();
    },
  };
}

/** What the web app is built from: the composition root chooses where it reads and how intake is served. */
export interface WebAppDeps {
  readonly config: Pick<
    Config,
    | 'host'
    | 'port'
    | 'maxUploadBytes'
    | 'maxConcurrentUploads'
    | 'redisUrl'
    | 'queuePrefix'
    | 'sessionSecret'
    | 'trustProxy'
  > &
    Partial<Pick<Config, 'dataDir'>>;
  readonly reference: Reference;
  readonly read: ReadPath;
  readonly intake: IntakePort;
  /** Bull Board over the queues this process reaches; mounted at /admin/queues for admins. */
  readonly queueBoard?: RequestHandler;
  readonly now: () => Date;
  readonly log: Logger;
  audit(entries: readonly AuditEntry[]): Promise<void>;
}

export interface RunningWebApp {
  readonly url: string;
  readonly app: Express;
  /** Stops listening and waits for open requests; the read path and intake stay the caller's. */
  close(): Promise<void>;
}

/** A temporary upload file this old outlived its request (two minutes at most) by far. */
const STALE_UPLOAD_MS = 3600_000;

/** Builds the HTTP app and listens on `SIS_HOST`:`PORT`. */
export async function startWebApp(deps: WebAppDeps): Promise<RunningWebApp> {
  const uploadTempDir = deps.config.dataDir
    ? runtimePaths({ dataDir: deps.config.dataDir }).incoming
    : path.join(os.tmpdir(), 'sis-incoming');
  const swept = await sweepIncoming(uploadTempDir, new Date(), STALE_UPLOAD_MS);
  if (swept > 0) deps.log.warn('removed temporary files of uploads cut off by a stop', { files: swept });
  const redis = new Redis(deps.config.redisUrl, { lazyConnect: false });
  redis.on('error', (error) => deps.log.error('session store error', { error }));
  if (!deps.config.sessionSecret)
    deps.log.warn('SIS_SESSION_SECRET is not set: a random one is used and sessions end on restart');
  const app = await createApp({
    db: deps.read.db,
    reference: deps.reference,
    intake: deps.intake,
    ...(deps.queueBoard ? { queueBoard: deps.queueBoard } : {}),
    maxUploadBytes: deps.config.maxUploadBytes,
    uploadTempDir,
    maxConcurrentUploads: deps.config.maxConcurrentUploads,
    ...(deps.config.dataDir ? { snapshots: runtimePaths({ dataDir: deps.config.dataDir }).snapshots } : {}),
    now: deps.now,
    log: deps.log,
    auth: {
      redis,
      keyPrefix: `${deps.config.queuePrefix}:web`,
      sessionSecret: deps.config.sessionSecret ?? randomBytes(32).toString('base64url'),
      secureCookies: deps.config.trustProxy,
      audit: deps.audit,
    },
  });
  const { host, port } = deps.config;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    app,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}
