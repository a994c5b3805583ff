import {
  buildCapacityDocument,
  CAPACITY_JSON_FILE,
  type CapacityDocument,
  formatCapacityJson,
} from '../capacity/index.ts';
import { diffCapacity } from '../compare/index.ts';
import type { Inventory } from '../inventory/types.ts';
import {
  CAPACITY_REPORT_FILES,
  type CapacityReportOptions,
  collectCapacityData,
  renderCapacityHtml,
  renderCapacityMarkdown,
} from '../report/index.ts';
import { comparisonView } from './report-comparison.ts';

export interface CapacityFiles extends Readonly<Record<string, string>> {
  readonly 'reports/capacity.html': string;
  readonly 'reports/capacity.md': string;
  readonly 'reports/capacity.json': string;
}

export interface CapacityFilesOptions extends CapacityReportOptions {
  /** "Compared with" mode of the page: the base's capacity report and how to name it. */
  readonly compareWith?: { readonly document: CapacityDocument; readonly label: string };
}

/**
 * The capacity page, its Markdown summary and `reports/capacity.json` of one stack, from one run of the engines, so
 * the three always show the same figures. Keyed by their path under `stacks/<stack>/`.
 */
export function capacityFiles(
  inventory: Inventory,
  options: CapacityFilesOptions,
): { files: CapacityFiles; document: CapacityDocument } {
  const data = collectCapacityData(inventory, options);
  const document = buildCapacityDocument(data, options.price);
  const base = options.compareWith;
  const comparison = base
    ? comparisonView(diffCapacity(base.document, document), base.document, base.label)
    : undefined;
  return {
    files: {
      [CAPACITY_REPORT_FILES.html]: renderCapacityHtml(data, comparison ? { comparison } : {}),
      [CAPACITY_REPORT_FILES.markdown]: renderCapacityMarkdown(data, comparison ? { comparison } : {}),
      [CAPACITY_JSON_FILE]: formatCapacityJson(document),
    },
    document,
  };
}
