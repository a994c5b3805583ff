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
import { formatLocation } from '../source-location.ts';
import { capacityFiles } from './capacity-files.ts';

/** Files a synth writes next to a stack's output, and whether the stack fails synth (e.g. policy errors). */
export interface StackReports {
  /** Relative path under `stacks/<stack>/` -> file content. */
  readonly files: Readonly<Record<string, string>>;
  /** One line per problem that must fail the synth (exit 1); empty when the stack passes. */
  readonly failures: readonly string[];
}

export interface SynthReportOptions {
  /** Packs to run besides the built-in ones. */
  readonly packs?: readonly Pack[];
  /** Policy config; default: superpod.policy.yaml / .yml / .json in the working directory, when present. */
  readonly config?: PolicyConfig;
}

/**
 * Everything synth adds to a stack beyond Terraform JSON and manifests: the policy reports under `reports/` (text,
 * JSON, SARIF, JUnit, Markdown; issue 4) and the capacity report (reports/capacity.html, .md and .json; issues 7 and 15), which reuses
 * the same check run. Errors of the checks fail the
 * synth, after every file is written, as cdk-nag fails `cdk synth`.
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
  // The placement simulation grows with the cluster; at SuperCluster scale synth leaves it to \`superpod report\`.
  const schedule = inventory.nodes.length > SYNTH_SCHEDULE_NODE_LIMIT ? { schedule: false as const } : {};
  Object.assign(files, capacityFiles(inventory, { checks: report, ...schedule, ...(config ? { config } : {}) }).files);
  const failures = failingFindings(report, 'error').map(
    (f) => `error ${findingLine(f)} (${formatLocation(f.location) ?? f.subject.path})`,
  );
  return { files, failures };
}
