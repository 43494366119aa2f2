import type { Redis } from 'ioredis';

/** Failed logins allowed per account and per address within the window before logins are refused. */
export const LOGIN_LIMITS = { perUser: 5, perAddress: 20, windowSeconds: 15 * 60 } as const;

/**
 * Login throttling in Redis, shared by every web process: counts failures per account name and
 * per address; once either reaches its limit, logins are refused (even correct ones) until the
 * window passes. A success clears the account's count.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(username: string, address: string): [string, string] {
    return [
      `${this.prefix}:login-fail:user:${username.toLowerCase()}`,
      `${this.prefix}:login-fail:ip:${address}`,
    ];
  }

  async isBlocked(username: string, address: string): Promise<boolean> {
    const [user, ip] = await this.redis.mget(...this.keys(username, address));
    return Number(user ?? 0) >= LOGIN_LIMITS.perUser || Number(ip ?? 0) >= LOGIN_LIMITS.perAddress;
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(username, address)) multi.incr(key).expire(key, LOGIN_LIMITS.windowSeconds);
    await multi.exec();
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    await this.redis.del(this.keys(username, address)[0]);
  }
}
