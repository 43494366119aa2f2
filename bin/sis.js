#!/usr/bin/env node
// The `sis` executable. It runs the ahead-of-time build (bin/build.js) while that is up to
// date with the sources, and otherwise the TypeScript sources through tsx. A command's output is
// never cut off: the process ends only once stdout and stderr have handed every byte to their
// readers (writes to a pipe are asynchronous in Node; exiting at once loses what the reader has
// not taken yet).
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { freshBuild } from './fresh-build.js';
import { SIS_V8_FLAGS } from '../workers/v8-flags.js';

// Before anything else allocates: V8 reads these at each collection (see workers/v8-flags.js).
for (const flag of SIS_V8_FLAGS) v8.setFlagsFromString(flag);

/** After the output has drained, how long anything left behind may hold the process. */
const SAFETY_EXIT_MS = 3000;

// A reader that goes away (`sis … | head`) is not our failure: the rest has nowhere to go.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const root = fileURLToPath(new URL('..', import.meta.url));
const build = process.env.SIS_FROM_SOURCE ? null : freshBuild(root);
const { main } = build ? await import(pathToFileURL(build.main).href) : await importSources();
const code = await main(process.argv, build ? { parseChild: { file: build.parseChild, execArgv: [] } } : {});
await endAfterOutput(code);

async function importSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('./main.ts');
}

/**
 * Sets the exit code and waits until stdout and stderr have written everything. Commands close
 * what they opened, so the process then ends by itself; should a stray timer (a retry of a
 * closed connection) still hold it, a bounded exit with the same code follows.
 */
async function endAfterOutput(exitCode) {
  process.exitCode = exitCode;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  setTimeout(() => process.exit(exitCode), SAFETY_EXIT_MS).unref();
}

/** Resolves once every earlier write to the stream has completed (or failed). */
function drained(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}
