import { builtInPacks } from '../../policies/index.ts';
import type { Inventory } from '../inventory/types.ts';
import {
  failingFindings,
  findDefaultConfig,
  findingLine,
  formatReport,
  loadPolicyConfig,
  type Pack,
  type PolicyConfig,
  REPORT_FILE_NAMES,
  REPORT_FORMATS,
  runChecks,
} from '../policy/index.ts';
import { SYNTH_SCHEDULE_NODE_LIMIT } from '../report/html/scheduler.ts';
import { capacityReportFiles } from '../report/index.ts';
import { formatLocation } from '../source-location.ts';
import type { StackReports } from '../terraform/app.ts';

export interface SynthReportOptions {
  /** Packs to run besides the built-in ones. */
  readonly packs?: readonly Pack[];
  /** Policy config; default: superpod.policy.yaml / .yml / .json in the working directory, when present. */
  readonly config?: PolicyConfig;
}

/**
 * Everything synth adds to a stack beyond Terraform JSON and manifests: the policy reports under `reports/` (text,
 * JSON, SARIF, JUnit, Markdown) and the capacity report (reports/capacity.html and .md), which reuses the same check
 * run. Errors of the checks fail the synth, after every file is written, as cdk-nag fails `cdk synth`.
 */
export function synthReports(inventory: Inventory, opts: SynthReportOptions = {}): StackReports {
  const configFile = opts.config === undefined ? findDefaultConfig() : undefined;
  const config = opts.config ?? (configFile === undefined ? undefined : loadPolicyConfig(configFile));
  const report = runChecks(inventory, {
    packs: [...builtInPacks, ...(opts.packs ?? [])],
    ...(config ? { config } : {}),
  });
  const files: Record<string, string> = {};
  for (const format of REPORT_FORMATS) {
    files[`reports/${REPORT_FILE_NAMES[format]}`] = formatReport(report, format, { failOn: 'error' });
  }
  // The placement simulation grows with the cluster; at SuperCluster scale synth leaves it to `superpod report`.
  const schedule = inventory.nodes.length > SYNTH_SCHEDULE_NODE_LIMIT ? { schedule: false as const } : {};
  Object.assign(files, capacityReportFiles(inventory, { checks: report, ...schedule, ...(config ? { config } : {}) }));
  const failures = failingFindings(report, 'error').map(
    (f) => `error ${findingLine(f)} (${formatLocation(f.location) ?? f.subject.path})`,
  );
  return { files, failures };
}
