#!/usr/bin/env node
// Entry point of the `superpod` command. The installed package runs the compiled CLI in dist/. A checkout of the
// repository, where the TypeScript sources sit beside this file, runs them through tsx instead: it needs no build
// after `npm ci` and never runs a stale dist/.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/src/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
