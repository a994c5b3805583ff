import { cduCapacity, cduLoad, cdusOf, DEFAULT_PUE, nodeLoadW, nodesByRack } from '../facility/index.ts';
import type { Inventory, NodeInfo, RackInfo } from '../inventory/types.ts';
import type { PriceInput, ServiceAlternatives, ServicePredictions } from '../perf/index.ts';
import type { CheckReport, PolicyConfig } from '../policy/index.ts';
import { type AlternativesOptions, alternativesFigures } from './alternatives.ts';
import { type SiteFigures, siteFigures } from './facility.ts';
import { type RecommendationFigures, recommendationFigures } from './recommendation.ts';
import { type ScheduleFigures, type ScheduleOptions, scheduleFigures } from './schedule.ts';
import { type ServiceFigures, serviceFigures, type TrainingFigures, trainingFigures } from './services.ts';
import { type WaterReport, waterReport } from './water.ts';

export interface CapacityReportOptions {
  /** The policy report to show (src/app runs the checks: `capacityReportInputs`). */
  readonly checks: CheckReport;
  /** The service predictions the checks read, shown in the services section. */
  readonly predictions: ServicePredictions;
  /** Policy config the checks ran with (parameters such as power.defaultPue and cooling.cduCapacityKw). */
  readonly config?: PolicyConfig;
  /** Price basis for the cost per million tokens; without one the report says how to give it. */
  readonly price?: PriceInput;
  /** Scheduler experiment settings, or false to leave the section out (it is the slowest part). */
  readonly schedule?: ScheduleOptions | false;
  /** Prices for the hardware alternatives of each service, or false to leave them out (the planner runs per service). */
  readonly alternatives?: AlternativesOptions | false;
}

/**
 * A CDU shared by liquid-cooled racks: their liquid heat against its capacity (the policy config's override, else
 * the one capacity the racks state; null when unknown or when the racks state different ones).
 */
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
  readonly recommendations: readonly RecommendationFigures[];
  readonly water: WaterReport;
  readonly training: readonly TrainingFigures[];
  readonly schedule: ScheduleFigures | null;
  /** Each inference service planned on its declared hardware and on the GPU alternatives; null when left out. */
  readonly alternatives: readonly ServiceAlternatives[] | null;
  readonly checks: CheckReport;
  readonly missing: MissingInputs;
}

/** Gathers what the report shows: facility figures, the predictions and checks it is given, the scheduler run. */
export function collectCapacityData(inventory: Inventory, options: CapacityReportOptions): CapacityData {
  const checks = options.checks;
  const params = options.config?.parameters ?? {};
  const pue = params['power.defaultPue'];
  const designPue = params['power.defaultDesignPue'];
  const site = siteFigures(
    inventory,
    typeof pue === 'number' ? pue : DEFAULT_PUE,
    typeof designPue === 'number' ? designPue : undefined,
  );
  const services = serviceFigures(inventory, options.predictions, options.price);
  const recommendations = recommendationFigures(inventory, options.predictions);
  return {
    inventory,
    version: checks.tool.version,
    site,
    cdus: cduFigures(inventory, params['cooling.cduCapacityKw']),
    services,
    recommendations,
    water: waterReport(inventory, site, services, recommendations, params),
    training: trainingFigures(inventory),
    schedule: options.schedule === false ? null : scheduleFigures(inventory, options.schedule ?? {}),
    alternatives:
      options.alternatives === false ? null : alternativesFigures(inventory, options.price, options.alternatives),
    checks,
    missing: {
      unknownPower: inventory.nodes.filter((n) => nodeLoadW(n) === null),
      unknownWeight: inventory.nodes.filter((n) => n.weightKg === null),
    },
  };
}

function cduFigures(inventory: Inventory, overridesKw: unknown): CduFigures[] {
  const byRack = nodesByRack(inventory);
  const overrides =
    overridesKw !== null && typeof overridesKw === 'object' ? (overridesKw as Record<string, number>) : {};
  return cdusOf(inventory)
    .sort((a, b) => (a.cduId < b.cduId ? -1 : a.cduId > b.cduId ? 1 : 0))
    .map((cdu) => {
      const capacity = cduCapacity(cdu, overrides);
      return {
        cduId: cdu.cduId,
        racks: cdu.racks,
        liquidHeatW: cduLoad(cdu, (id) => byRack.get(id) ?? []).liquidW,
        capacityW: capacity.kind === 'known' ? capacity.watts : null,
      };
    });
}
