import { configDefaults, defineConfig } from 'vitest/config';

// Many tests start the real CLI in a new process; on a loaded CI machine that takes longer than vitest's 5 s
// default. A timeout is not a performance check here (npm run bench measures speed), so it is generous.
// Stryker's sandboxes (.stryker-tmp, npm run mutate) hold a copy of every test file; they are never part of the suite.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 60_000, exclude: [...configDefaults.exclude, '.stryker-tmp/**'] },
});
