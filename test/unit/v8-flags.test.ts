import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PARSE_CHILD_V8_FLAGS, SIS_V8_FLAGS } from '../../workers/v8-flags.js';
import { PARSE_CHILD_EXEC_ARGV } from '../../workers/parse-child.ts';

/** Whether this Node starts with `flags` (an unknown or misspelt one ends it with "bad option"). */
function nodeAccepts(flags: readonly string[]): boolean {
  const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
  return run.status === 0 && !run.stderr.includes('bad option');
}

describe('V8 flags', () => {
  it('this Node knows every flag the command and its parse children start with', () => {
    expect(nodeAccepts(SIS_V8_FLAGS)).toBe(true);
    expect(nodeAccepts(PARSE_CHILD_V8_FLAGS)).toBe(true);
    expect(nodeAccepts(['--max-inlined-bytecode-size-cumulativ=200'])).toBe(false);
  });

  it("parse children keep the command's flags and add the smaller inlining budget", () => {
    for (const flag of SIS_V8_FLAGS) expect(PARSE_CHILD_V8_FLAGS).toContain(flag);
    expect(PARSE_CHILD_V8_FLAGS).toContain('--max-inlined-bytecode-size-cumulative=200');
    expect(SIS_V8_FLAGS).not.toContain('--max-inlined-bytecode-size-cumulative=200');
    expect(PARSE_CHILD_EXEC_ARGV.slice(-PARSE_CHILD_V8_FLAGS.length)).toEqual(PARSE_CHILD_V8_FLAGS);
  });
});
