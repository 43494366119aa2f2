import { spawn, type ChildProcess } from 'node:child_process';
import { configToEnv, type Config } from '../../pipeline/config.ts';
import { REPO_ROOT } from './run-sis.ts';

/** A `sis worker` process started by a fault test, in its own process group (its parse children too). */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves when the worker logs `ready`; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<string>;
  /** Everything it logged so far (stdout and stderr). */
  output(): string;
}

/** Starts `sis worker --role <role>` on the test's configuration, plus extra environment. */
export function startWorker(
  config: Config,
  role: 'parse' | 'loader' | 'all',
  env: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(process.execPath, ['bin/sis.js', 'worker', '--role', role], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...configToEnv(config), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string) => {
      log += chunk;
      if (/"message":"ready"/u.test(log)) resolve();
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    void exited.then((how) => reject(new Error(`worker ended (${how}) before it was ready:\n${log}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => log };
}

/** SIGKILL to the worker's whole process group: the worker and every parse child it forked. */
export async function killHard(worker: WorkerProcess): Promise<void> {
  try {
    process.kill(-worker.child.pid!, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  await worker.exited;
}

/** Polls `probe` every `everyMs` until it gives a value; fails after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed gives the same kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of a fault test: SIS_FAULT_SEED when set (to replay a run), else a fresh one. Printed. */
export function faultSeed(test: string): number {
  const given = process.env.SIS_FAULT_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  console.log(`${test}: seed ${seed} (replay with SIS_FAULT_SEED=${seed})`);
  return seed;
}
