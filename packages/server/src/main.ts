#!/usr/bin/env node
/**
 * The `parley` command: `node packages/server/dist/main.js` after `npm run build` (production), or
 * `tsx packages/server/src/main.ts` in development (`npm start` runs the demo this way).
 * `parley --help` lists every command and setting (src/config.ts is the table).
 */
import { runCli } from './cli';

runCli(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
