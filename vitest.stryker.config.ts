import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The vitest configuration Stryker runs (scripts/mutate.ts): only the unit tests of the target being mutated, named
// in SUPERPOD_MUTATE_TESTS, so a mutant is judged by the tests that own its module, not by the slow binary-driven
// end-to-end files (they run a separate process that never activates the mutant).
const tests = (process.env.SUPERPOD_MUTATE_TESTS ?? '').split(',').filter((t) => t !== '');
if (tests.length === 0) throw new Error('SUPERPOD_MUTATE_TESTS is empty: run mutation tests with npm run mutate');

// Each file in a fresh module cache, as Stryker's vitest runner expects when it switches mutants between runs.
// No global setup: the unit tests never start the built binary.
const config = mergeConfig(base, defineConfig({ test: { include: tests, isolate: true } }));
config.test.globalSetup = [];
export default config;
