import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';

/** True when a Redis server answers PING at the URL within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Makes sure Redis answers at a local URL: when nothing does and `redis-server` is installed,
 * starts one in the background without persistence. Returns what it did, for the caller to say.
 */
export async function ensureLocalRedis(url: string): Promise<'running' | 'started' | 'missing'> {
  if (await redisAnswers(url)) return 'running';
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname)) return 'missing';
  const args = [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    port || '6379',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const started = spawnSync('redis-server', args, { stdio: 'ignore' });
  if (started.error || started.status !== 0) return 'missing';
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url)) return 'started';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'missing';
}
