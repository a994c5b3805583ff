import type { Inventory } from '../inventory/types.ts';

/** Files a synth writes next to a stack's output, and whether the stack fails synth (e.g. policy errors). */
export interface StackReports {
  /** Relative path under `stacks/<stack>/` -> file content. */
  readonly files: Readonly<Record<string, string>>;
  /** One line per problem that must fail the synth (exit 1); empty when the stack passes. */
  readonly failures: readonly string[];
}

/**
 * Everything synth adds to a stack beyond Terraform JSON and manifests: the policy reports (issue 4) and the capacity
 * report (issue 7) plug in here. Pure: Inventory in, files out.
 */
export function synthReports(_inventory: Inventory): StackReports {
  return { files: {}, failures: [] };
}
