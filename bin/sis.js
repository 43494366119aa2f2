#!/usr/bin/env node
// The `sis` executable: registers the TypeScript loader, then runs the CLI without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
// Exit explicitly: a failed connection may leave retry timers behind that would keep us alive.
process.exit(await main(process.argv));
