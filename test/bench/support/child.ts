import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TSX_LOADER } from '../../../workers/parse-child.ts';

/**
 * Runs a TypeScript file in a child process (`node` with the TypeScript loader, plus
 * `moreExecArgv` such as `--cpu-prof`, or the parse children's V8 flags for a child that stands
 * for one), and resolves with the one message it sends back.
 */
export function runChild<T>(
  script: URL,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  moreExecArgv: readonly string[] = [],
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(fileURLToPath(script), [...args], {
      execArgv: [...TSX_LOADER, ...moreExecArgv],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { value: T } | undefined;
    child.on('message', (message) => {
      answer = { value: message as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer) resolve(answer.value);
      else reject(new Error(`${fileURLToPath(script)} ended (${signal ?? `exit ${code}`}) without a result`));
    });
  });
}

/** The child's side: sends the result to the parent and lets the process end. */
export async function answerParent(result: unknown): Promise<void> {
  if (!process.send) throw new Error('not started by runChild');
  await new Promise<void>((resolve, reject) =>
    process.send!(result, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
  process.disconnect();
}
