/**
 * Facility physics over the Inventory: node and rack IT load, the liquid/air heat split, derated supply limits and
 * redundancy, CDU capacity, PUE and the facility draw. The policy packs check these figures and the report shows
 * them; neither computes them itself.
 */
export { type BudgetDraw, type BudgetPueBasis, type MissingInput, podBudgetDraw, sumBudgetDraws } from './budget.ts';
export { type CduCapacity, type CduInfo, cduCapacity, cduLoad, cdusOf } from './cdu.ts';
export {
  ATTENTION_SHARE,
  DEFAULT_PUE,
  hasLiquidLoop,
  needsAttention,
  nodesByRack,
  type PodLoad,
  podLoad,
  podPue,
  type RackLoad,
  type RedundancyState,
  rackLoad,
  type SiteLoad,
  siteLoad,
  worstShare,
} from './figures.ts';
export { groupHeat, type HeatSplit, nodeHeatW } from './heat.ts';
export { type GroupLoad, groupLoad, nodeLoadW, nodesToRemove, ratio } from './load.ts';
export { normalLimit, type SupplyBar, type SupplyLimit, supplyBars, survivingLimit } from './supply.ts';
