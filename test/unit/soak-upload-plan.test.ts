import { describe, expect, it } from 'vitest';
import { pairDataSets, uploadPlan, type PlannedFile } from '../support/soak/upload-plan.ts';

function files(count: number): PlannedFile[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `files/42/${i}.xlsx`,
    finalPath: `final/${i}.xlsx`,
    draftPath: `draft/${i}.xlsx`,
  }));
}

describe('the soak upload plan', () => {
  it('when one pass runs to its end then every institution ends with its final file, drafts first', () => {
    const plan = [...uploadPlan(files(12), 3, 1)];
    const last = new Map<string, string>();
    for (const upload of plan) last.set(upload.key, upload.path);
    expect(last.size).toBe(12);
    expect([...last.values()].every((p) => p.startsWith('final/'))).toBe(true);
    // Institutions 0, 4, 8 send a draft and later their final file; 1, 5, 9 send their final file twice.
    const drafts = plan.filter((u) => u.version === 'draft').map((u) => u.key);
    expect(drafts).toEqual(['files/42/0.xlsx', 'files/42/4.xlsx', 'files/42/8.xlsx']);
    expect(plan).toHaveLength(12 + 6);
    for (const key of drafts) {
      const at = plan.findIndex((u) => u.key === key);
      expect(plan.findIndex((u, i) => i > at && u.key === key && u.version === 'final')).toBeGreaterThan(
        at + 3,
      );
    }
  });

  it('when a draft set lacks a file or holds it in another format then it is paired by name, or not at all', () => {
    const pairs = pairDataSets(
      { root: '/f', files: ['files/81/a.xlsx', 'files/81/b.csv'] },
      { root: '/d', files: ['files/81/a.xls'] },
    );
    expect(new Map(pairs.map((p) => [p.key, p.draftPath]))).toEqual(
      new Map([
        ['files/81/a.xlsx', '/d/files/81/a.xls'],
        ['files/81/b.csv', '/f/files/81/b.csv'],
      ]),
    );
    const noDraft = [...uploadPlan(pairs, 1, 1)].filter((u) => u.key === 'files/81/b.csv');
    expect(noDraft.every((u) => u.version === 'final')).toBe(true);
  });
});
