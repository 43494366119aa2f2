import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSE_CHILD_V8_FLAGS } from '../../workers/v8-flags.js';
import { childPids } from '../bench/support/rss.ts';
import { csvText, encodeText } from '../helpers/workbook.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

/** The command lines (arguments) of this process's own child processes, read from /proc. */
function childCommandLines(): string[][] {
  return childPids(process.pid).flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)];
    } catch {
      return []; // the process ended while it was read
    }
  });
}

describe('parse children start with their V8 flags', { timeout: 120_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SIS_WORKER_CONCURRENCY: '1' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the child that parsed a file runs with the command flags and the inlining budget', async () => {
    const report = await h.ingest(encodeText(csvText([['not', 'a', 'roster']]), 'utf-8'), 'stray.csv');
    expect(report.status).toBe('rejected');
    const children = childCommandLines().filter((args) => args.some((a) => a.endsWith('main.js')));
    expect(children.length).toBeGreaterThan(0);
    for (const args of children) for (const flag of PARSE_CHILD_V8_FLAGS) expect(args).toContain(flag);
    // Given by the fork, not inherited: this process runs without the children's own flag.
    expect(process.execArgv).not.toContain('--max-inlined-bytecode-size-cumulative=200');
  });
});
