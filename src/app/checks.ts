import { builtInPacks } from '../../policies/index.ts';
import type { Inventory } from '../inventory/types.ts';
import { type PriceInput, ServicePredictions } from '../perf/index.ts';
import {
  type CheckReport,
  findDefaultConfig,
  loadPolicyConfig,
  type Pack,
  type PolicyConfig,
  runChecks,
} from '../policy/index.ts';
import type { CapacityReportOptions, ScheduleOptions } from '../report/index.ts';

/** The policy config file given, else superpod.policy.yaml / .yml / .json in the working directory, else none. */
export function policyConfig(file?: string): PolicyConfig | undefined {
  const found = file ?? findDefaultConfig();
  return found === undefined ? undefined : loadPolicyConfig(found);
}

export interface StackChecksOptions {
  /** Packs to run besides the built-in ones. */
  readonly packs?: readonly Pack[];
  readonly config?: PolicyConfig;
}

/** The built-in packs (and `packs`) on one stack, with the service predictions the rules read, made once. */
export function checkStack(
  inventory: Inventory,
  opts: StackChecksOptions = {},
): { readonly checks: CheckReport; readonly predictions: ServicePredictions } {
  const predictions = new ServicePredictions(inventory);
  const checks = runChecks(inventory, {
    packs: [...builtInPacks, ...(opts.packs ?? [])],
    predictions,
    ...(opts.config ? { config: opts.config } : {}),
  });
  return { checks, predictions };
}

export interface CapacityReportRequest extends StackChecksOptions {
  /** Price basis for the cost per million tokens. */
  readonly price?: PriceInput;
  /** Scheduler experiment settings, or false to leave the section out. */
  readonly schedule?: ScheduleOptions | false;
}

/** What the capacity report renders: the stack's checks and predictions, run here, and the request's settings. */
export function capacityReportInputs(inventory: Inventory, request: CapacityReportRequest = {}): CapacityReportOptions {
  const { packs, config, price, schedule } = request;
  return {
    ...checkStack(inventory, { ...(packs ? { packs } : {}), ...(config ? { config } : {}) }),
    ...(config ? { config } : {}),
    ...(price ? { price } : {}),
    ...(schedule === undefined ? {} : { schedule }),
  };
}
