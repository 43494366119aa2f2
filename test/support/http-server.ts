import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../bin/web-server.ts';
import type { AuthDeps } from '../../dashboard/context.ts';
import { appendAudit } from '../../pipeline/auth/account-repository.ts';
import type { Loader } from '../../workers/loader.ts';
import { parseConfig, type Config } from '../../pipeline/config.ts';
import type { Role } from '../../pipeline/auth/roles.ts';
import { hashPassword, generateToken } from '../../pipeline/auth/secrets.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { silentLogger, type Logger } from '../../workers/logger.ts';
import { applyAccountChange } from '../../workers/processors/accounts.ts';
import { IN_WINDOW, loadSmallRegistry } from './fixtures.ts';
import { deleteQueueKeys } from './pipeline-harness.ts';

export interface TestServer extends RunningServer {
  /** Creates an account through the loader's lane; returns its password and an API token. */
  addAccount(
    username: string,
    role: Role,
    provinceCode?: string,
  ): Promise<{ password: string; token: string }>;
  /** An admin's API token, made at start. */
  readonly adminToken: string;
  /** This server's queue (and session) prefix in Redis: everything it keeps there is under it. */
  readonly queuePrefix: string;
}

/**
 * A web server with its own data folder, DuckDB file and queue (and session) prefix, the small
 * registry loaded and an admin account; closing it removes them.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { readonly now?: () => Date; readonly log?: Logger } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-http-'));
  const prefix = `sis-test-${randomUUID().slice(0, 8)}`;
  const config = parseConfig(
    {
      SIS_DATA_DIR: dataDir,
      SIS_QUEUE_PREFIX: prefix,
      PORT: '0',
      SIS_MAX_UPLOAD_MB: '1',
      REDIS_URL: process.env.REDIS_URL,
      ...env,
    },
    SHIPPED_REFERENCE_DIR,
  );
  const reference = await loadReference(config.referenceDir);
  const server = await startServer({
    config,
    reference,
    log: options.log ?? silentLogger,
    now: options.now ?? (() => IN_WINDOW),
  });
  await loadSmallRegistry(server.loader);
  const provinces = new Set(reference.provinces.map((p) => p.code));
  const addAccount: TestServer['addAccount'] = async (username, role, provinceCode) => {
    const password = `pw-${randomUUID()}`;
    const token = await addAccountWithToken(server.loader, provinces, {
      username,
      role,
      provinceCode,
      password,
    });
    return { password, token };
  };
  const admin = await addAccount('admin', 'admin');
  return {
    ...server,
    addAccount,
    adminToken: admin.token,
    queuePrefix: prefix,
    async close() {
      await server.close();
      await deleteQueueKeys(config.redisUrl, prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser's view of the site: one session cookie, the CSRF token of the last form read. */
export class Browser {
  private cookie = '';
  constructor(private readonly base: string) {}

  async fetch(pathName: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const res = await fetch(`${this.base}${pathName}`, { redirect: 'manual', ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }

  /** The CSRF token of a page's form. */
  async csrf(pathName = '/login'): Promise<string> {
    const html = await (await this.fetch(pathName)).text();
    const match = /name="_csrf" value="([^"]+)"|_csrf=([A-Za-z0-9_-]+)/u.exec(html);
    if (!match) throw new Error(`no CSRF token on ${pathName}`);
    return match[1] ?? match[2]!;
  }

  async login(username: string, password: string): Promise<Response> {
    const csrf = await this.csrf('/login');
    return this.fetch('/login', {
      method: 'POST',
      body: new URLSearchParams({ username, password, _csrf: csrf }),
    });
  }

  /** The session cookie as the server last set it (with its attributes). */
  get sessionCookie(): string {
    return this.cookie;
  }
}

/** What a test that builds the app itself (`createApp`) needs for accounts: auth deps and a way to make tokens. */
export interface TestAppAuth {
  readonly auth: AuthDeps;
  /** Creates an account through the loader's lane and returns an API token for it. */
  token(username: string, role: Role, provinceCode?: string): Promise<string>;
  close(): Promise<void>;
}

export function testAppAuth(
  loader: Loader,
  config: Pick<Config, 'redisUrl' | 'queuePrefix'>,
  reference: Reference,
): TestAppAuth {
  const redis = new Redis(config.redisUrl);
  const provinces = new Set(reference.provinces.map((p) => p.code));
  return {
    auth: {
      redis,
      keyPrefix: `${config.queuePrefix}:web`,
      sessionSecret: randomUUID() + randomUUID(),
      secureCookies: false,
      audit: (entries) => loader.exclusive((db) => appendAudit(db, entries)),
    },
    async token(username, role, provinceCode) {
      return addAccountWithToken(loader, provinces, {
        username,
        role,
        provinceCode,
        password: randomUUID(),
      });
    },
    async close() {
      await redis.quit();
    },
  };
}

/** Creates an account and an API token for it through the loader's lane; returns the token. */
async function addAccountWithToken(
  loader: Loader,
  provinces: ReadonlySet<string>,
  account: { username: string; role: Role; provinceCode: string | undefined; password: string },
): Promise<string> {
  const token = generateToken();
  const at = new Date().toISOString();
  const deps = { db: loader.db, provinces };
  const { username } = account;
  await loader.exclusive(async () => {
    await applyAccountChange(deps, {
      op: 'user-add',
      username,
      role: account.role,
      provinceCode: account.provinceCode ?? null,
      passwordHash: await hashPassword(account.password),
      by: 'test',
      at,
    });
    await applyAccountChange(deps, {
      op: 'token-create',
      username,
      tokenId: token.tokenId,
      secretHash: token.secretHash,
      label: null,
      by: 'test',
      at,
    });
  });
  return token.token;
}
