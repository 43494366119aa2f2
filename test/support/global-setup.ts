import { ensureLocalRedis } from '../../bin/ensure-redis.ts';

/** Tests need a real Redis: start one when none answers (redis-server must be installed). */
export default async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const state = await ensureLocalRedis(url);
  if (state === 'missing') {
    throw new Error(`no Redis at ${url} and redis-server is not installed: apt-get install redis-server`);
  }
}
