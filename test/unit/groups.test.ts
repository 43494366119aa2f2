import { describe, expect, it } from 'vitest';
import { packGroups } from '../../workers/processors/groups.ts';

const limits = { parseFiles: 3, parseBytes: 100 };
const sizes = (groups: Array<Array<{ size: number }>>) => groups.map((g) => g.map((f) => f.size));

describe('packing files into parse groups', () => {
  it('when files are small then groups close at the file limit, in order', () => {
    expect(
      sizes(
        packGroups(
          [1, 2, 3, 4, 5, 6, 7].map((size) => ({ size })),
          limits,
        ),
      ),
    ).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('when a file would take a group past the byte limit then it starts the next; a big file goes alone', () => {
    expect(
      sizes(
        packGroups(
          [40, 50, 20, 300, 10].map((size) => ({ size })),
          limits,
        ),
      ),
    ).toEqual([[40, 50], [20], [300], [10]]);
  });

  it('when there are no files then there are no groups', () => {
    expect(packGroups([], limits)).toEqual([]);
  });
});
