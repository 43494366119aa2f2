/**
 * The start-up benchmark (`npm run bench:startup`, and the first part of `npm run bench`): how
 * long `sis` and a parse child take before any work, from the build and from the sources, beside
 * `node -e 0` in the same run. Figures, never assertions. Needs Redis for the one-file ingest.
 */
import { describeStartup, measureStartup } from './support/startup.ts';

const figures = await measureStartup();
process.stdout.write(
  process.argv.includes('--json') ? `${JSON.stringify(figures)}\n` : describeStartup(figures),
);
