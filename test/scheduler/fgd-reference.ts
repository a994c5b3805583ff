import path from 'node:path';
import { repoRoot } from '../helpers/cli.ts';

/**
 * Published results of the FGD paper's simulator (hkust-adsl/kubernetes-scheduler-simulator,
 * experiments/analysis/expected_results/analysis_allo_discrete.csv, commit 1853fc0e): GPU allocation in
 * percent of capacity at 100 % and 130 % arrived demand, mean of seeds 42..51. Default trace from
 * test/vendor/openb/PROVENANCE.md and reference/fgd-method.md §7; gpushare40 and multigpu30 (held out, column 130
 * only) computed from the per-seed rows of the same file.
 */
export const FGD_REFERENCE = {
  default: {
    random: { at100: 86.3, at130: 87.47 },
    'dot-product': { at100: 90.62, at130: 90.85 },
    clustering: { at100: 91.65, at130: 91.88 },
    packing: { at100: 91.78, at130: 92.0 },
    'best-fit': { at100: 92.86, at130: 93.08 },
    fgd: { at100: 95.23, at130: 95.39 },
  },
  gpushare40: {
    'best-fit': { at130: 91.69 },
    fgd: { at130: 94.15 },
  },
  multigpu30: {
    'best-fit': { at130: 94.72 },
    fgd: { at130: 96.46 },
  },
} as const;

/** Fragmentation amount at 130 % (percent of capacity) and ratio at 90 % (percent of idle), default trace. */
export const FGD_REFERENCE_FRAGMENTATION = {
  random: { amountAt130: 12.43, ratioAt90: 96.65 },
  'dot-product': { amountAt130: 9.08, ratioAt90: 94.18 },
  clustering: { amountAt130: 8.0, ratioAt90: 84.33 },
  packing: { amountAt130: 7.91, ratioAt90: 83.6 },
  'best-fit': { amountAt130: 6.85, ratioAt90: 74.08 },
  fgd: { amountAt130: 4.57, ratioAt90: 49.97 },
} as const;

export const PAPER_SEEDS = [42, 43, 44, 45, 46, 47, 48, 49, 50, 51];

/** The openb trace, vendored with its provenance (the node list and the default, gpushare40 and multigpu30 pods). */
export const OPENB_DIR = path.resolve(repoRoot, 'test/vendor/openb');
