#!/usr/bin/env node
// Entry point of the `superpod` command. The toolkit and user stacks are TypeScript; tsx runs them directly, as ES
// modules or, in projects without "type": "module", as CommonJS.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerEsm();
registerCommonJs();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
