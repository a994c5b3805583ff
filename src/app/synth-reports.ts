import type { Inventory } from '../inventory/types.ts';
import { failingFindings, findingLine, formatReport, REPORT_FILE_NAMES, REPORT_FORMATS } from '../policy/index.ts';
import { SYNTH_SCHEDULE_NODE_LIMIT } from '../report/index.ts';
import { formatLocation } from '../source-location.ts';
import type { StackReports } from '../terraform/app.ts';
import { capacityFiles } from './capacity-files.ts';
import { checkStack, policyConfig, type StackChecksOptions } from './checks.ts';

/**
 * Everything synth adds to a stack beyond Terraform JSON and manifests: the policy reports under `reports/` (text,
 * JSON, SARIF, JUnit, Markdown) and the capacity report (reports/capacity.html, .md and .json), which shows the same check
 * run and the same service predictions. Errors of the checks fail the synth, after every file is written, as cdk-nag
 * fails `cdk synth`. The policy config defaults to superpod.policy.yaml / .yml / .json in the working directory.
 */
export function synthReports(inventory: Inventory, opts: StackChecksOptions = {}): StackReports {
  const config = opts.config ?? policyConfig();
  const { checks, predictions } = checkStack(inventory, { ...opts, ...(config ? { config } : {}) });
  const files: Record<string, string> = {};
  for (const format of REPORT_FORMATS) {
    files[`reports/${REPORT_FILE_NAMES[format]}`] = formatReport(checks, format, { failOn: 'error' });
  }
  // The placement simulation grows with the cluster; at SuperCluster scale synth leaves it to `superpod report`.
  const schedule = inventory.nodes.length > SYNTH_SCHEDULE_NODE_LIMIT ? { schedule: false as const } : {};
  Object.assign(
    files,
    capacityFiles(inventory, { checks, predictions, ...schedule, ...(config ? { config } : {}) }).files,
  );
  const failures = failingFindings(checks, 'error').map(
    (f) => `error ${findingLine(f)} (${formatLocation(f.location) ?? f.subject.path})`,
  );
  return { files, failures };
}
