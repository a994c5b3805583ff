import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Many tests start the real CLI in a new process; on a loaded CI machine that takes longer than vitest's 5 s
// default. A timeout is not a performance check here (npm run bench measures speed), so it is generous.
// Stryker's sandboxes (.stryker-tmp, npm run mutate) hold a copy of every test file; they are never part of the suite.
// Two test files at a time even on two cores (vitest's default there is one, cores - 1): the slow files spend most of
// their time waiting for the binaries they start, and a second file uses the core those waits leave idle.
// Test files share their worker's module cache (isolate: false): each file no longer re-imports and re-validates the
// catalogues, schemas and cdktf (about a third of the suite's CPU time). That is safe because nothing in src,
// constructs or policies keeps module-level mutable state (test/architecture/module-state.test.ts fails on any).
// The end-to-end tests start the built package's binary (test/helpers/built-package.ts); the global setup builds it
// once, before the first file, when the sources changed since the last build.
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
  },
});
