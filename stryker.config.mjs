// Mutation testing (npm run mutate): StrykerJS with the vitest runner and the TypeScript checker, over the modules
// where a silent bug costs a user most. Not part of npm test. Run it through scripts/mutate.ts (npm run mutate),
// which names the targets, their tests and their incremental files.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json', // the mutated code and what it imports, not the tests: a smaller program to re-check
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Stryker writes `// @ts-nocheck` atop every source file of its sandbox by default; vitest strips types without
  // checking them (the TypeScript checker judges compile errors), and the note would fail the test that keeps the
  // generated src/spec/types.ts current.
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json', // per target in scripts/mutate.ts
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['dist', 'coverage', 'cdktf.out', 'reports', '.superpod-tmp*', '*.tgz'],
};
