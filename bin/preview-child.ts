import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { configToEnv, type Config } from '../pipeline/config.ts';
import type { RosterPreview } from '../pipeline/ingest/roster-preview.ts';
import type { IntakePort } from '../workers/contract.ts';
import type { Logger } from '../workers/logger.ts';
import { PARSE_CHILD_EXEC_ARGV } from '../workers/parse-child.ts';
import type { PreviewRequest } from '../workers/processors/preview-child.ts';

const CHILD = fileURLToPath(new URL('../workers/processors/preview-child.ts', import.meta.url));
/** A preview child's heap: a 100,000-row workbook read whole fits; a hostile file stops here. */
const CHILD_HEAP_MB = 768;
/** Previews read at once by this process; more wait their turn. */
const MAX_CHILDREN = 2;
/** Start-up allowed a preview child beyond the parse time limit (`SIS_PARSE_TIMEOUT_MS`). */
const START_MS = 10_000;

type Answer = { ok: true; preview: RosterPreview } | { ok: false; message: string };

/**
 * The intake port's `previewRoster`: each preview is read by a child process of its own under a
 * heap limit, at most {@link MAX_CHILDREN} at once. A child that fails, dies or runs out of time
 * gives no preview (logged): the file is then sent on as any other, and its report says what the
 * parse worker found.
 */
export function childPreviewer(config: Config, log: Logger): IntakePort['previewRoster'] {
  const slots = new Slots(MAX_CHILDREN);
  return async (source, fileName, options, maxRows) => {
    const request: PreviewRequest = {
      source: 'stored' in source ? { stored: source.stored } : { path: source.path },
      fileName,
      options,
      maxRows,
    };
    const answer = await slots.run(() => runChild(config, request));
    if (answer.ok) return answer.preview;
    log.warn('replacement preview failed; the upload goes on without one', { error: answer.message });
    return undefined;
  };
}

function runChild(config: Config, request: PreviewRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [], {
      execArgv: [...PARSE_CHILD_EXEC_ARGV, `--max-old-space-size=${CHILD_HEAP_MB}`],
      env: { ...process.env, ...configToEnv(config) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let answered: Answer | undefined;
    // Past the parse time limit the preview is given up (the upload goes on unheld; the parse worker reports).
    const timer = setTimeout(() => child.kill('SIGKILL'), config.parseTimeoutMs + START_MS);
    child.once('message', (message) => {
      answered = message as Answer;
    });
    child.once('error', (error) => {
      answered ??= { ok: false, message: error.message };
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(answered ?? { ok: false, message: `preview child ended (${signal ?? `exit ${code}`})` });
    });
    child.send(request);
  });
}

/** At most `max` tasks at once; the rest wait in order. */
class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finished task hands its slot straight to the next in line, so none can slip in between.
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
