import { describe, expect, it } from 'vitest';
import { isBeforeClosing, windowState } from '../../pipeline/reference/round-window.ts';

const WINDOW = {
  opensAt: new Date('2019-10-06T17:00:00Z'),
  closesAt: new Date('2019-11-15T17:00:00Z'),
};
const at = (iso: string) => new Date(iso);

describe('a round window', () => {
  it('when the instant is the opening one then the window is open; a millisecond before it is not', () => {
    expect(windowState(WINDOW, at('2019-10-06T17:00:00.000Z'))).toBe('open');
    expect(windowState(WINDOW, at('2019-10-06T16:59:59.999Z'))).toBe('not-open');
  });

  it('when the instant is the closing one then the window is closed; a millisecond before it is open', () => {
    expect(windowState(WINDOW, at('2019-11-15T16:59:59.999Z'))).toBe('open');
    expect(windowState(WINDOW, at('2019-11-15T17:00:00.000Z'))).toBe('closed');
    expect(windowState(WINDOW, at('2019-11-15T17:00:00.001Z'))).toBe('closed');
  });

  it('when an exception ends at an instant then it holds before it, not at it', () => {
    const until = at('2019-11-20T17:00:00Z');
    expect(isBeforeClosing(until, at('2019-11-20T16:59:59.999Z'))).toBe(true);
    expect(isBeforeClosing(until, until)).toBe(false);
  });
});
