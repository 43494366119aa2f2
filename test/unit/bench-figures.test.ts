import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summariseProfiles, type CpuProfile } from '../bench/support/cpu-profile.ts';
import { memoryGoal, ratioGoal } from '../bench/support/goals.ts';
import { spreadOf } from '../bench/support/spread.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * A hand-made profile: six samples 0.1 s to 0.6 s apart (the last lasting until endTime), on
 * our own source file, a scoped npm package it calls, idle, the garbage collector and Node's
 * module loader.
 */
function profile(): CpuProfile {
  const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 5, 6] },
      { id: 2, callFrame: frame('(idle)') },
      {
        id: 3,
        callFrame: frame('readRows', pathToFileURL(path.join(ROOT, 'pipeline/read/x.ts')).href, 9),
        children: [4],
      },
      { id: 4, callFrame: frame('', 'file:///elsewhere/node_modules/@scope/pkg/lib/a.js', 0) },
      { id: 5, callFrame: frame('(garbage collector)') },
      { id: 6, callFrame: frame('compileSourceTextModule', 'node:internal/modules/esm/utils', 343) },
    ],
    startTime: 1_000_000,
    // sample times: 1.01 s, 1.11 s, 1.31 s, 1.61 s, 2.01 s, 2.51 s; the profile ends at 3.11 s
    samples: [3, 3, 4, 2, 5, 6],
    timeDeltas: [10_000, 100_000, 200_000, 300_000, 400_000, 500_000],
    endTime: 3_110_000,
  };
}

describe('the CPU profile summary', () => {
  it('when a profile is summed, then each sample counts until the next and idle time stays out of the tables', () => {
    const s = summariseProfiles([profile()], ROOT);
    // readRows: 100 + 200 ms; the package: 300; idle: 400; GC: 500; module loading: 600 (until endTime)
    expect(s).toEqual({
      profiles: 1,
      sampledMs: 2100,
      idleMs: 400,
      byFunction: [
        { name: 'compileSourceTextModule node:internal/modules/esm/utils:344', ms: 600, percent: 35.3 },
        { name: '(garbage collector)', ms: 500, percent: 29.4 },
        { name: 'readRows pipeline/read/x.ts:10', ms: 300, percent: 17.6 },
        { name: '(anonymous) @scope/pkg/lib/a.js', ms: 300, percent: 17.6 },
      ],
      byModule: [
        { name: 'node: module loading', ms: 600, percent: 35.3 },
        { name: '(garbage collector)', ms: 500, percent: 29.4 },
        { name: 'pipeline/read/x.ts', ms: 300, percent: 17.6 },
        { name: '@scope/pkg', ms: 300, percent: 17.6 },
      ],
      // the package's time counts for readRows, which called it
      byOwnCaller: [
        { name: '(no own code on the stack)', ms: 1100, percent: 64.7 },
        { name: 'readRows pipeline/read/x.ts:10', ms: 600, percent: 35.3 },
      ],
    });
  });

  it('when a clock window is given, then only the samples taken inside it count', () => {
    const s = summariseProfiles([profile()], ROOT, { fromUs: 1_100_000, toUs: 1_700_000 });
    // samples at 1.11 s (readRows, 200 ms), 1.31 s (package, 300 ms), 1.61 s (idle, 400 ms)
    expect(s.sampledMs).toBe(900);
    expect(s.idleMs).toBe(400);
    expect(s.byFunction.map((f) => [f.name, f.ms])).toEqual([
      ['(anonymous) @scope/pkg/lib/a.js', 300],
      ['readRows pipeline/read/x.ts:10', 200],
    ]);
  });

  it('when asked for the top 2, then only the two largest are listed', () => {
    const s = summariseProfiles([profile(), profile()], ROOT, undefined, 2);
    expect(s.profiles).toBe(2);
    expect(s.byModule.map((m) => [m.name, m.ms])).toEqual([
      ['node: module loading', 1200],
      ['(garbage collector)', 1000],
    ]);
  });
});

describe('the spread over runs and the goals', () => {
  it('when runs are odd or even in number, then the median is the middle or the mean of the middle two', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('when a time goal is judged, then the median decides, not the best run', () => {
    expect(ratioGoal('e2e', [0.7, 0.8, 0.76], 0.75)).toMatchObject({ judged: 0.76, met: false });
    expect(ratioGoal('e2e', [0.9, 0.7, 0.75], 0.75)).toMatchObject({ judged: 0.75, met: true });
  });

  it('when a memory goal is judged, then the worst run decides, and "under" excludes the bound itself', () => {
    expect(memoryGoal('rss', [590, 610, 580], 600, true)).toMatchObject({ judged: 610, met: false });
    expect(memoryGoal('rss', [590, 600, 580], 600, true)).toMatchObject({ judged: 600, met: false });
    expect(memoryGoal('child', [240, 250], 250, false)).toMatchObject({ judged: 250, met: true });
  });
});
