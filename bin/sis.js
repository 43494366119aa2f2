#!/usr/bin/env node
// The `sis` executable: registers the TypeScript loader, then runs the CLI without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
