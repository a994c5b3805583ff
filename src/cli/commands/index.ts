import type { Command } from '../command.ts';

/** Commands load lazily so `superpod --help` and each command start fast. One line per command. */
export const commandLoaders: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  apply: () => import('./apply.ts'),
  catalog: () => import('./catalog.ts'),
  check: () => import('./check.ts'),
  compare: () => import('./compare.ts'),
  diff: () => import('./diff.ts'),
  inventory: () => import('./inventory.ts'),
  perf: () => import('./perf.ts'),
  plan: () => import('./plan.ts'),
  report: () => import('./report.ts'),
  simulate: () => import('./simulate.ts'),
  spec: () => import('./spec.ts'),
  synth: () => import('./synth.ts'),
};
