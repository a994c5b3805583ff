import { builtInPacks } from '../../policies/index.ts';
import { nodeHeatW, nodeLoadW } from '../../policies/shared/power.ts';
import type { Inventory, NodeInfo, RackInfo } from '../inventory/types.ts';
import type { PriceInput } from '../perf/index.ts';
import type { CheckReport, Pack, PolicyConfig } from '../policy/index.ts';
import { runChecks } from '../policy/index.ts';
import { DEFAULT_PUE, type SiteFigures, siteFigures } from './facility.ts';
import { type ScheduleFigures, type ScheduleOptions, scheduleFigures } from './schedule.ts';
import { type ServiceFigures, serviceFigures, type TrainingFigures, trainingFigures } from './services.ts';

export interface CapacityReportOptions {
  /** The policy report to show; default: the built-in packs (plus `packs`) run with `config`. */
  readonly checks?: CheckReport;
  /** Policy config (rule levels, parameters such as power.defaultPue and cooling.cduCapacityKw, suppressions). */
  readonly config?: PolicyConfig;
  /** Packs to run besides the built-in ones, when `checks` is not given. */
  readonly packs?: readonly Pack[];
  /** Price basis for the cost per million tokens; without one the report says how to give it. */
  readonly price?: PriceInput;
  /** Scheduler experiment settings, or false to leave the section out (it is the slowest part). */
  readonly schedule?: ScheduleOptions | false;
}

/** A CDU shared by liquid-cooled racks: their liquid heat against its capacity (from the policy config). */
export interface CduFigures {
  readonly cduId: string;
  readonly racks: readonly RackInfo[];
  readonly liquidHeatW: number;
  readonly capacityW: number | null;
}

/** Figures that rest on an input the user has not given. */
export interface MissingInputs {
  readonly unknownPower: readonly NodeInfo[];
  readonly unknownWeight: readonly NodeInfo[];
}

/** Everything the report shows, gathered from the engines once; the renderers only format it. */
export interface CapacityData {
  readonly inventory: Inventory;
  readonly version: string;
  readonly site: SiteFigures;
  readonly cdus: readonly CduFigures[];
  readonly services: readonly ServiceFigures[];
  readonly training: readonly TrainingFigures[];
  readonly schedule: ScheduleFigures | null;
  readonly checks: CheckReport;
  readonly missing: MissingInputs;
}

/** Runs the engines the report draws on: facility figures, the performance model, the scheduler and the policies. */
export function collectCapacityData(inventory: Inventory, options: CapacityReportOptions = {}): CapacityData {
  const checks =
    options.checks ??
    runChecks(inventory, {
      packs: [...builtInPacks, ...(options.packs ?? [])],
      ...(options.config ? { config: options.config } : {}),
    });
  const params = options.config?.parameters ?? {};
  const pue = params['power.defaultPue'];
  const site = siteFigures(inventory, typeof pue === 'number' ? pue : DEFAULT_PUE);
  return {
    inventory,
    version: checks.tool.version,
    site,
    cdus: cduFigures(inventory, params['cooling.cduCapacityKw']),
    services: serviceFigures(inventory, options.price),
    training: trainingFigures(inventory),
    schedule: options.schedule === false ? null : scheduleFigures(inventory, options.schedule ?? {}),
    checks,
    missing: {
      unknownPower: inventory.nodes.filter((n) => nodeLoadW(n) === null),
      unknownWeight: inventory.nodes.filter((n) => n.weightKg === null),
    },
  };
}

function cduFigures(inventory: Inventory, capacities: unknown): CduFigures[] {
  const byCdu = new Map<string, RackInfo[]>();
  for (const rack of inventory.racks) {
    const id = rack.cooling.cduId;
    if (id === undefined) continue;
    const list = byCdu.get(id);
    if (list) list.push(rack);
    else byCdu.set(id, [rack]);
  }
  const racksOf = new Set([...byCdu.values()].flat().map((r) => r.id));
  const heat = new Map<string, number>();
  for (const node of inventory.nodes) {
    if (!racksOf.has(node.rackId)) continue;
    const watts = nodeLoadW(node);
    if (watts !== null) heat.set(node.rackId, (heat.get(node.rackId) ?? 0) + nodeHeatW(node, watts).liquidW);
  }
  const table = capacities !== null && typeof capacities === 'object' ? (capacities as Record<string, unknown>) : {};
  return [...byCdu.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([cduId, racks]) => {
      const stated = racks.find((r) => r.cooling.cduCapacityW !== undefined)?.cooling.cduCapacityW;
      const kw = table[cduId] ?? (stated === undefined ? undefined : stated / 1000);
      return {
        cduId,
        racks,
        liquidHeatW: racks.reduce((s, r) => s + (heat.get(r.id) ?? 0), 0),
        capacityW: typeof kw === 'number' ? kw * 1000 : null,
      };
    });
}
