/**
 * The capacity-review report: one self-contained HTML page (rack elevations, power and heat, memory fit, SLOs,
 * rooflines, scheduling curves, policy findings) and a Markdown summary for pull requests. Pure: Inventory (and
 * engine settings) in, strings out; the same input gives the same bytes.
 */
import type { Inventory } from '../inventory/types.ts';
import { type CapacityData, type CapacityReportOptions, collectCapacityData } from './data.ts';
import { renderCapacityHtml } from './html/page.ts';
import { renderCapacityMarkdown } from './markdown.ts';

export type { ComparedFigure, ComparisonView, RemovedNode } from './comparison.ts';
export type { CapacityData, CapacityReportOptions, CduFigures, MissingInputs } from './data.ts';
export { collectCapacityData } from './data.ts';
export type { PodFigures, RackFigures, RedundancyState, SiteFigures, SupplyBar } from './facility.ts';
export { rackFigures, siteFigures, supplyBars } from './facility.ts';
export { type CapacityHtmlOptions, renderCapacityHtml } from './html/page.ts';
export { type CapacityMarkdownOptions, renderCapacityMarkdown } from './markdown.ts';
export type { RecommendationFigures } from './recommendation.ts';
export { type ScheduleFigures, type ScheduleOptions, SYNTH_SCHEDULE_NODE_LIMIT } from './schedule.ts';
export type { Roofline, RooflinePoint, ServiceFigures, TrainingFigures } from './services.ts';
export type { WaterReport, WorkloadWater } from './water.ts';

/** Paths under a stack's output directory, as synth writes them. */
export const CAPACITY_REPORT_FILES = {
  html: 'reports/capacity.html',
  markdown: 'reports/capacity.md',
} as const;

export interface CapacityReportFiles extends Readonly<Record<string, string>> {
  readonly 'reports/capacity.html': string;
  readonly 'reports/capacity.md': string;
}

/** Both report files of one stack, keyed by their path under `stacks/<stack>/`. */
export function capacityReportFiles(inventory: Inventory, options: CapacityReportOptions): CapacityReportFiles {
  const data: CapacityData = collectCapacityData(inventory, options);
  return {
    [CAPACITY_REPORT_FILES.html]: renderCapacityHtml(data),
    [CAPACITY_REPORT_FILES.markdown]: renderCapacityMarkdown(data),
  };
}
