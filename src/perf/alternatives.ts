import { getAccelerator, getModel, getNodeType, listNodeTypes } from '../catalog/index.ts';
import type { NodeTypeSpec } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import type { InferenceServiceInfo, Inventory, NodeInfo } from '../inventory/types.ts';
import { Power } from '../units/index.ts';
import { type ComparedPlan, compareHardware, type HardwareOption, hardwareLabel } from './compare.ts';
import type { PlanHardware } from './plan-types.ts';
import type { Interval } from './uncertainty.ts';

/** The GPU servers a buyer of Ascend 950 hardware weighs it against (catalogue accelerator ids, each in its DGX/HGX node). */
export const ALTERNATIVE_ACCELERATORS = ['h20', 'h200-sxm', 'b200'] as const;

/** A figure with its p10-p90 range. */
export interface RangedFigure {
  readonly value: number;
  readonly p10: number;
  readonly p90: number;
  readonly basis: Interval['basis'];
}

/** One hardware option planned for a service's model, traffic, SLOs and precision. */
export interface HardwareAlternative {
  /** `atlas-350 prefill + ascend-950dt decode`, `h200-sxm`. */
  readonly label: string;
  /** The hardware the stack declares for the service (the others are the GPU alternatives). */
  readonly declared: boolean;
  /** Accelerator ids, the prefill pool's first. */
  readonly accelerators: readonly string[];
  /** Node types the pools are sized in (what cards per node and host power rest on). */
  readonly nodeTypes: readonly string[];
  /** Any Ascend 950 accelerator: every figure of the option is an extrapolation, no measurement exists. */
  readonly extrapolated: boolean;
  /** The planner's cheapest plan (fewest card-hours); null when none meets the SLOs or an input is unknown. */
  readonly plan: ComparedPlan | null;
  /** Why there is no plan. */
  readonly reason: string | null;
  /** Card-hours per million output tokens: the cost at 1 per accelerator-hour. */
  readonly cardHoursPerMillionOutputTokens: RangedFigure | null;
  /** Cost per million output tokens at the given accelerator-hour prices; null when a price is not given. */
  readonly costPerMillionOutputTokens: RangedFigure | null;
  /** Why there is no cost (`no price per accelerator-hour for h20`), when there is a plan but no cost. */
  readonly costNote: string | null;
  /** Wall energy per million output tokens (before PUE), kWh. */
  readonly energyPerMillionOutputTokensKWh: RangedFigure | null;
  /** Output tokens per joule at the wall: 1 / (3.6 x kWh per million output tokens). */
  readonly outputTokensPerJoule: RangedFigure | null;
}

/** The declared hardware of a service against the GPU alternatives, or why it could not be planned at all. */
export interface ServiceAlternatives {
  readonly serviceId: string;
  readonly options: readonly HardwareAlternative[];
  /** Why no option was planned (a model the catalogue does not know). */
  readonly error: string | null;
}

/**
 * The capacity planner run for one inference service on the hardware its pools declare and on each GPU alternative,
 * at the service's model, traffic, SLOs and precision (the declared hardware in the service's own mode: prefill
 * and decode pools, or aggregated instances): accelerators needed, card-hours, cost where a price is given,
 * and wall energy per million output tokens, each with its p10-p90 range. Pools are sized for the fewest
 * card-hours (price 1 per accelerator-hour, as `superpod plan` without `--price`); given prices convert card-hours
 * to cost afterwards. `cardHourPrices` holds prices per accelerator id; an accelerator without one has no cost.
 */
export function serviceAlternatives(
  inventory: Inventory,
  service: InferenceServiceInfo,
  cardHourPrices: Readonly<Record<string, number>> = {},
): ServiceAlternatives {
  let model: ReturnType<typeof getModel>;
  try {
    model = getModel(service.modelId);
  } catch (error) {
    if (!SuperpodInputError.is(error)) throw error;
    return { serviceId: service.id, options: [], error: error.message };
  }
  const declared = declaredHardware(inventory, service);
  const options: HardwareOption[] = [
    { label: hardwareLabel(declared), hardware: declared },
    ...ALTERNATIVE_ACCELERATORS.map((id) => ({ label: id, hardware: [catalogueHardware(id)] })),
  ];
  const base = { model, traffic: service.traffic, slo: service.slo, precisions: [service.precision] };
  // The declared hardware keeps the service's serving mode (its pools' roles); a GPU server may take either mode.
  const unknownTdp = declared.find((h) => h.tdp === undefined && h.accelerator.tdpW.value === null);
  const rows = [
    ...(unknownTdp
      ? [{ label: options[0]!.label, plan: null, reason: unknownTdpReason(unknownTdp) }]
      : compareHardware({ ...base, modes: [service.prefill ? 'disaggregated' : 'aggregated'] }, options.slice(0, 1))),
    ...compareHardware({ ...base, modes: ['aggregated', 'disaggregated'] }, options.slice(1)),
  ];
  const tokensPerHour = service.traffic.requestsPerSecond * service.traffic.outputTokens * 3600;
  return {
    serviceId: service.id,
    error: null,
    options: rows.map((row, i) => {
      const hardware = options[i]!.hardware;
      const accelerators = [...new Set(hardware.map((h) => h.accelerator.id))];
      const plan = row.plan;
      const cardHours = plan
        ? ranged(plan.costPerMillionOutputTokens, plan.intervals.costPerMillionOutputTokens)
        : null;
      const missing = accelerators.filter((id) => cardHourPrices[id] === undefined);
      const cost =
        plan && cardHours && missing.length === 0 && tokensPerHour > 0
          ? priced(plan, cardHours, cardHourPrices, tokensPerHour)
          : null;
      const energy = plan
        ? ranged(plan.energyPerMillionOutputTokensKWh, plan.intervals.energyPerMillionOutputTokensKWh)
        : null;
      return {
        label: row.label,
        declared: i === 0,
        accelerators,
        nodeTypes: [...new Set(hardware.map((h) => h.nodeType?.id).filter((id) => id !== undefined))].sort(),
        extrapolated: hardware.some((h) => h.accelerator.family === 'ascend-950'),
        plan,
        reason: plan ? null : (row.reason ?? 'no configuration meets the SLOs'),
        cardHoursPerMillionOutputTokens: cardHours,
        costPerMillionOutputTokens: cost,
        costNote: plan && !cost ? `no price per accelerator-hour for ${missing.join(', ')}` : null,
        energyPerMillionOutputTokensKWh: energy,
        outputTokensPerJoule: energy && energy.p10 > 0 ? tokensPerJoule(energy) : null,
      };
    }),
  };
}

/** Each pool's accelerator with the node type, TDP, host power and fabric the stack gives it. */
function declaredHardware(inventory: Inventory, service: InferenceServiceInfo): PlanHardware[] {
  const pools = service.prefill
    ? [
        { pool: service.prefill.pool, roles: ['prefill'] as const },
        { pool: service.decode.pool, roles: ['decode'] as const },
      ]
    : [{ pool: service.decode.pool, roles: ['aggregated'] as const }];
  const byAccelerator = new Map<string, { node: NodeInfo; roles: Set<'aggregated' | 'prefill' | 'decode'> }>();
  for (const { pool, roles } of pools) {
    const node = inventory.nodes.find((n) => n.pool === pool);
    if (!node) continue;
    const entry = byAccelerator.get(node.acceleratorId) ?? { node, roles: new Set() };
    for (const r of roles) entry.roles.add(r);
    byAccelerator.set(node.acceleratorId, entry);
  }
  return [...byAccelerator.values()].map(({ node, roles }) => {
    const fabric = inventory.superPods.find((p) => p.id === node.superPodId)?.fabric;
    return {
      accelerator: getAccelerator(node.acceleratorId),
      nodeType: withStackHostPower(getNodeType(node.nodeTypeId), node),
      ...(node.acceleratorTdpW === null ? {} : { tdp: Power.watts(node.acceleratorTdpW) }),
      ...(fabric ? { fabric } : {}),
      price: { cardHourPrice: 1 },
      roles: [...roles].sort(),
    };
  });
}

function unknownTdpReason(h: PlanHardware): string {
  const id = h.accelerator.id;
  return `the TDP of ${id} is not published and no node of the service's ${id} pool sets it; set the accelerator TDP on those nodes (the node construct's tdp prop)`;
}

/** The catalogue's node type, with the host power the stack sets on its nodes where that differs (an estimate). */
function withStackHostPower(type: NodeTypeSpec, node: NodeInfo): NodeTypeSpec {
  if (node.hostPowerW === null || node.hostPowerW === type.hostPowerW.value) return type;
  return {
    ...type,
    hostPowerW: {
      value: node.hostPowerW,
      source: type.hostPowerW.source,
      confidence: 'estimated',
      note: 'host power set on the stack’s nodes',
    },
  };
}

function catalogueHardware(id: string): PlanHardware {
  const nodeType = listNodeTypes().find((n) => n.acceleratorId === id);
  return { accelerator: getAccelerator(id), ...(nodeType ? { nodeType } : {}), price: { cardHourPrice: 1 } };
}

function ranged(value: number, i: Interval): RangedFigure {
  return { value, p10: i.p10, p90: i.p90, basis: i.basis };
}

/**
 * Card-hours priced per pool. The range scales with the value: cost and card-hours carry the same throughput band
 * (exact for options whose pools share a family, as Atlas 350 and 950DT do).
 */
function priced(
  plan: ComparedPlan,
  cardHours: RangedFigure,
  prices: Readonly<Record<string, number>>,
  tokensPerHour: number,
): RangedFigure {
  const perHour = plan.poolSizes.reduce((s, p) => s + p.cards * prices[p.accelerator]!, 0);
  const value = (perHour / tokensPerHour) * 1e6;
  const scale = cardHours.value > 0 ? value / cardHours.value : 0;
  return { value, p10: cardHours.p10 * scale, p90: cardHours.p90 * scale, basis: cardHours.basis };
}

function tokensPerJoule(kWh: RangedFigure): RangedFigure {
  const perJoule = (k: number) => 1 / (3.6 * k);
  return { value: perJoule(kWh.value), p10: perJoule(kWh.p90), p90: perJoule(kWh.p10), basis: kWh.basis };
}
