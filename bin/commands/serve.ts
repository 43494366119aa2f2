import type { Command } from 'commander';
import { startServer } from '../web-server.ts';
import { createLogger } from '../../workers/logger.ts';
import { loadContext } from '../context.ts';
import { untilSignal } from '../signals.ts';

/** Registers `sis serve`: loader, a parse worker and the web app, until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the loader, a parse worker and the web app (uploads, reports) on PORT')
    .option('--no-parse-worker', 'leave parsing to workers on other machines')
    .action(async (flags: { parseWorker: boolean }) => {
      // Listening before anything starts, so a SIGTERM during start-up still closes cleanly.
      const signalled = untilSignal();
      const ctx = await loadContext();
      const log = createLogger('serve');
      const server = await startServer({ ...ctx, log, parseWorker: flags.parseWorker });
      process.stderr.write(`sis: serving on ${server.url}\n`);
      await signalled;
      await server.close();
    });
}
