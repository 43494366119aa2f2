import type { Command } from 'commander';
import { SisError } from '../../pipeline/errors.ts';
import { createLogger } from '../../workers/logger.ts';
import { startLoader } from '../../workers/loader.ts';
import { startParseWorker } from '../../workers/parse-worker.ts';
import { loadContext } from '../context.ts';
import { untilSignal } from '../signals.ts';

type Role = 'parse' | 'loader' | 'all';

/** Registers `sis worker`: runs parse workers and/or the loader until SIGTERM or SIGINT. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run queue workers: parse (any machine sharing Redis and the data folder), loader (owns the database), or all',
    )
    .option('--role <role>', 'parse | loader | all', 'all')
    .action(async (flags: { role: string }) => {
      const role = parseRole(flags.role);
      // Listening before the workers start: a job may become active at once, and a SIGTERM then
      // must close the workers (finishing the job), not end the process by default.
      const signalled = untilSignal();
      const ctx = await loadContext();
      const log = createLogger(`worker:${role}`);
      const loader = role === 'parse' ? undefined : await startLoader({ ...ctx, log });
      const parser = role === 'loader' ? undefined : await startParseWorker(ctx.config, log, ctx.parseChild);
      log.info('ready', { role, prefix: ctx.config.queuePrefix, concurrency: ctx.config.workerConcurrency });
      const signal = await signalled;
      log.info('closing', { signal });
      await parser?.close();
      await loader?.close();
    });
}

function parseRole(text: string): Role {
  if (text === 'parse' || text === 'loader' || text === 'all') return text;
  throw new SisError('input/bad-argument', `--role must be parse, loader or all, not ${text}`);
}
