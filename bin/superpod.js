#!/usr/bin/env node
// Entry point of the `superpod` command. The toolkit and user stacks are TypeScript; tsx runs them directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
