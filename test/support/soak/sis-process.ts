import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../run-sis.ts';

/** How many of a process's last stderr lines are kept for an error message. */
const KEPT_LINES = 40;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** A long-running `sis` process (`serve`, `worker`) started as an operator would start it. */
export interface SisProcess {
  readonly name: string;
  readonly pid: number;
  /** The first stderr line that matched the ready pattern. */
  readonly readyLine: string;
  /** Its last stderr lines (logs), newest last. */
  lastLines(): readonly string[];
  /** SIGTERM, then SIGKILL after a while; resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
}

/**
 * Spawns `node bin/sis.js ARGS` with extra environment and resolves once a line of its stderr
 * matches `ready` (a log line or the server's "serving on" line); rejects when it exits first.
 */
export function startSisProcess(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<SisProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'sis.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`${name} did not start within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}; its last lines:\n${lines.join('\n')}`));
    };
    let started = false;
    keepLines(child, lines, (line) => {
      if (started || !ready.test(line)) return;
      started = true;
      clearTimeout(timer);
      resolve(runningProcess(name, child, line, lines, exited));
    });
    child.once('error', (error) => fail(`${name} could not start (${error.message})`));
    void exited.then((code) => {
      if (!started) fail(`${name} ended (exit ${code}) before it was ready`);
    });
  });
}

function keepLines(child: ChildProcess, lines: string[], onLine: (line: string) => void): void {
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      onLine(line);
    }
  });
}

function runningProcess(
  name: string,
  child: ChildProcess,
  readyLine: string,
  lines: readonly string[],
  exited: Promise<number | null>,
): SisProcess {
  return {
    name,
    pid: child.pid!,
    readyLine,
    lastLines: () => [...lines],
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
