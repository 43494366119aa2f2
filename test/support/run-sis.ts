import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: `bin/sis.js` runs from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SisRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `sis` executable (`node bin/sis.js …`) with extra environment, and collects its
 * output. With `lateReaderMs`, stdout goes into a pipe whose reader is late, as a busy `jq` or an
 * SSH session can be: a shell reads the first byte (the command has begun to write), then sleeps
 * that long before reading the rest, so all but what the pipe holds (64 kB) waits in the command.
 */
export function runSis(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  lateReaderMs = 0,
): Promise<SisRun> {
  const sis = [process.execPath, path.join(REPO_ROOT, 'bin', 'sis.js'), ...args];
  // The command's exit code comes back on descriptor 3, which the command itself does not get.
  const late = `{ "$0" "$@" 3>&-; echo $? >&3; } | { dd bs=1 count=1 2>/dev/null; sleep ${lateReaderMs / 1000}; cat; }`;
  return new Promise((resolve, reject) => {
    const child =
      lateReaderMs > 0
        ? spawn('sh', ['-c', late, ...sis], {
            cwd: REPO_ROOT,
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
          })
        : spawn(sis[0]!, sis.slice(1), {
            cwd: REPO_ROOT,
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
    let stdout = '';
    let stderr = '';
    let exitCode = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    (child.stdio[3] as Readable | undefined)?.setEncoding('utf8').on('data', (c: string) => (exitCode += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: lateReaderMs > 0 && exitCode.trim() !== '' ? Number(exitCode.trim()) : code,
        stdout,
        stderr,
      });
    });
  });
}
