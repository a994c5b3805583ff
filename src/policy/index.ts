// The policy engine's public API: write your own pack with the same functions the built-in packs use, then run it
// with `superpod check --pack my-pack.ts` or `runChecks(inventory, { packs: [...builtInPacks, myPack] })`.
//
//   import { definePack, defineRule, fail, pass } from './src/policy/index.ts';
//   const rackNamed = defineRule('rackNamed', 'rack', (rack) => rack.name.startsWith('r') ? pass() : fail(...));
//   export const sitePack = definePack({ name: 'site', description: '...', rules: [{ id: 'SITE-001', ... rule: rackNamed }] });

export {
  bytesPerSecond,
  count,
  formatNumber,
  formatPercent,
  gigabytes,
  humanSeconds,
  kilowattRating,
  kilowatts,
  litres,
  plural,
} from '../units/index.ts';
export {
  DEFAULT_CONFIG_FILES,
  findDefaultConfig,
  loadPolicyConfig,
  type PolicyConfig,
  parsePolicyConfig,
} from './config.ts';
export {
  formatJson,
  formatReport,
  REPORT_FILE_NAMES,
  REPORT_FORMATS,
  type ReportFormat,
} from './formatters/index.ts';
export { formatJunit, type JunitOptions } from './formatters/junit.ts';
export { formatMarkdown } from './formatters/markdown.ts';
export { formatSarif, SARIF_SCHEMA_URI, toSarif } from './formatters/sarif.ts';
export { formatText, summaryLine } from './formatters/text.ts';
export { elementsOf, type InventoryIndex, indexInventory } from './inventory-index.ts';
export { definePack, defineRule, fail, notApplicable, notEvaluated, pass } from './rule.ts';
export { type CheckOptions, failingFindings, findingLine, runChecks } from './runner.ts';
export { MIN_REASON_LENGTH } from './suppressions.ts';
export type * from './types.ts';
export { LEVELS } from './types.ts';
