/**
 * A round's data-entry window. One rule everywhere (the upload check, the scheduled duplicate
 * detection, lock exceptions): a window is open from its opening instant and closed at and after
 * its closing instant. The closing instant is the Bangkok midnight that ends the last day, so
 * "closing at midnight" leaves no instant of the next day inside the window.
 */
export interface RoundWindow {
  readonly opensAt: Date;
  readonly closesAt: Date;
}

export type WindowState = 'not-open' | 'open' | 'closed';

/** Where an instant stands against a window: `opensAt <= at < closesAt` is open. */
export function windowState(window: RoundWindow, at: Date): WindowState {
  if (at.getTime() < window.opensAt.getTime()) return 'not-open';
  return isBeforeClosing(window.closesAt, at) ? 'open' : 'closed';
}

/** True while `at` is before `closesAt`: closed at and after the instant (windows and exceptions alike). */
export function isBeforeClosing(closesAt: Date, at: Date): boolean {
  return at.getTime() < closesAt.getTime();
}
