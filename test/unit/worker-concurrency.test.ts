import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { configToEnv, defaultWorkerConcurrency, parseConfig } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';

const concurrency = (env: Record<string, string>) =>
  parseConfig(env, SHIPPED_REFERENCE_DIR).workerConcurrency;

describe('SIS_WORKER_CONCURRENCY', () => {
  it('defaults to one parse child per core, at least one and at most 64', () => {
    expect(defaultWorkerConcurrency(2)).toBe(2);
    expect(defaultWorkerConcurrency(8)).toBe(8);
    expect(defaultWorkerConcurrency(128)).toBe(64);
    expect(defaultWorkerConcurrency(0)).toBe(1);
  });

  it('takes the cores this process may use when the variable is not set', () => {
    const cores = os.availableParallelism();
    expect(concurrency({})).toBe(Math.min(64, cores));
  });

  it('takes the value it is given, and hands it on to the children unchanged', () => {
    const config = parseConfig({ SIS_WORKER_CONCURRENCY: '5' }, SHIPPED_REFERENCE_DIR);
    expect(config.workerConcurrency).toBe(5);
    expect(configToEnv(config).SIS_WORKER_CONCURRENCY).toBe('5');
  });

  it('refuses a count outside 1 to 64', () => {
    for (const bad of ['0', '65', '2.5', 'many'])
      expect(() => concurrency({ SIS_WORKER_CONCURRENCY: bad })).toThrow();
  });
});
