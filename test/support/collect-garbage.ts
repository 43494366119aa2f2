import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');

/** A full garbage collection now: what a test finds reachable afterwards is really held. */
export const collectGarbage = runInNewContext('gc') as () => void;
