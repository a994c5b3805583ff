import type { NodeInfo } from '../inventory/types.ts';
import { costPerMillionTokens, type PriceInput } from '../perf/index.ts';
import type { CapacityData, PodFigures, RackFigures, ServiceFigures } from '../report/index.ts';
import { alternativesCapacity } from './alternatives.ts';
import { recommendationCapacity, waterCapacity } from './build-recommendation.ts';
import { round } from './round.ts';
import {
  CAPACITY_KIND,
  CAPACITY_SCHEMA_VERSION,
  type CapacityDocument,
  type CapacityFinding,
  type CapacityPrice,
  type FacilityFigures,
  type NodeCapacity,
  type RackCapacity,
  type SchedulingSummary,
  type ServiceCapacity,
  type SloVerdict,
  type SuperPodCapacity,
} from './types.ts';

/**
 * The capacity artefact of one stack, from the figures the engines already computed for the report (facility
 * figures, service predictions, the scheduling experiment, the policy findings). Nothing is recomputed here: this
 * only selects, converts units and rounds, so `reports/capacity.json` and the capacity page always agree. `price` is
 * the basis the report's costs were computed on (recorded so a comparison knows what its costs rest on).
 */
export function buildCapacityDocument(data: CapacityData, price?: PriceInput): CapacityDocument {
  const site = data.site;
  const racks = site.pods.flatMap((p) => p.racks);
  const nodes = racks.flatMap((r) => r.nodes);
  return {
    schemaVersion: CAPACITY_SCHEMA_VERSION,
    kind: CAPACITY_KIND,
    tool: { name: 'superpod', version: data.version },
    stack: data.inventory.stack,
    price: capacityPrice(price),
    totals: {
      superPods: site.pods.length,
      racks: site.racks,
      ...facility(nodes, racks),
      facilityKw: kw(site.facilityW),
    },
    superPods: site.pods.map(superPodCapacity),
    racks: racks.map(rackCapacity),
    nodes: nodes.map(nodeCapacity),
    services: data.services.map((s) => ({
      ...serviceCapacity(s),
      alternatives: alternativesCapacity(data.alternatives, s.service.id),
    })),
    trainingJobs: data.training.map((t) => ({ id: t.job.id, pool: t.job.pool, npus: t.npus })),
    scheduling: schedulingSummary(data),
    findings: {
      errors: data.checks.summary.errors,
      warnings: data.checks.summary.warnings,
      infos: data.checks.summary.infos,
      suppressed: data.checks.summary.suppressed,
      notEvaluated: data.checks.summary.notEvaluated,
      checks: data.checks.summary.checks,
      items: data.checks.findings.map(
        (f): CapacityFinding => ({
          fingerprint: f.fingerprint,
          ruleId: f.ruleId,
          level: f.level,
          subject: f.subject.id,
          path: f.subject.path,
          message: f.message,
          suppressedBecause: f.suppressed?.reason ?? null,
        }),
      ),
    },
    recommendationServices: recommendationCapacity(data),
    water: waterCapacity(data),
  };
}

function capacityPrice(price: PriceInput | undefined): CapacityPrice | null {
  if (price?.cardHourPrice !== undefined) return { basis: 'card-hour-price', cardHourPrice: price.cardHourPrice };
  return price?.capexPerCard !== undefined ? { basis: 'capex-plus-energy', cardHourPrice: null } : null;
}

/** Sums over racks' figures (never over nodes again: the rack figures are the facility engine's result). */
function facility(nodes: readonly NodeInfo[], racks: readonly RackFigures[]): FacilityFigures {
  const sum = (f: (r: RackFigures) => number) => racks.reduce((s, r) => s + f(r), 0);
  return {
    nodes: nodes.length,
    npus: sum((r) => r.npus),
    npusByAccelerator: npusByAccelerator(nodes),
    usedU: sum((r) => r.usedU),
    usableU: sum((r) => r.usableU),
    itNameplateKw: kw(sum((r) => r.itLoadW)),
    itDeratedLimitKw: kw(sum((r) => r.normalLimitW)),
    liquidHeatKw: kw(sum((r) => r.liquidHeatW)),
    airHeatKw: kw(sum((r) => r.airHeatW)),
    liquidCapacityKw: kw(sum((r) => r.rack.cooling.liquidCapacityW)),
    airCapacityKw: kw(sum((r) => r.rack.cooling.airCapacityW)),
    weightKg: round(sum((r) => r.weightKg)),
    unknownPowerNodes: sum((r) => r.unknownPowerNodes),
  };
}

function npusByAccelerator(nodes: readonly NodeInfo[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.acceleratorId, (counts.get(n.acceleratorId) ?? 0) + n.acceleratorCount);
  return Object.fromEntries([...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function superPodCapacity(p: PodFigures): SuperPodCapacity {
  return {
    id: p.pod.id,
    racks: p.racks.length,
    ...facility(
      p.racks.flatMap((r) => r.nodes),
      p.racks,
    ),
    pue: p.pue,
    pueAssumed: p.pueAssumed,
    facilityKw: kw(p.facilityW),
    peakFacilityKw: kw(p.peak.facilityW),
    facilityBudgetKw: p.budgetW === null ? null : kw(p.budgetW),
    overloadedRacks: p.overloadedRacks,
  };
}

function rackCapacity(r: RackFigures): RackCapacity {
  return {
    id: r.rack.id,
    superPodId: r.rack.superPodId,
    ...facility(r.nodes, [r]),
    utilisation: finite(r.normalUtilisation),
    failoverUtilisation: r.survivingUtilisation === null ? null : finite(r.survivingUtilisation),
    redundancy: r.redundancy,
  };
}

function nodeCapacity(n: NodeInfo): NodeCapacity {
  return {
    id: n.id,
    rackId: n.rackId,
    nodeType: n.nodeTypeId,
    role: n.role,
    pool: n.pool,
    accelerator: n.acceleratorId,
    npus: n.acceleratorCount,
    uPosition: n.uPosition,
    heightU: n.heightU,
  };
}

function serviceCapacity(s: ServiceFigures): ServiceCapacity {
  const p = s.prediction;
  const service = s.service;
  const pools = (p?.pools ?? []).map((pool) => ({
    role: pool.role,
    pool: pool.pool,
    accelerator: pool.accelerator,
    instances: pool.replicas,
    devicesPerInstance: pool.devicesPerInstance,
    npus: pool.cards,
    memoryGB: round(pool.memory.totalGB),
    memoryCapacityGB: round(pool.memory.capacityGB),
    memoryFits: pool.memory.fits,
  }));
  const cards = pools.reduce((sum, pool) => sum + pool.npus, 0);
  const served = p?.feasible === true && p.outputTokensPerSecond > 0 && cards > 0;
  const verdict: SloVerdict =
    p === null ? 'not-predicted' : !p.feasible ? 'infeasible' : p.meetsSlo.ttft && p.meetsSlo.tpot ? 'meets' : 'misses';
  return {
    id: service.id,
    model: service.modelId,
    precision: { ...service.precision },
    mode: p?.mode ?? null,
    pools,
    instances: (service.prefill?.replicas ?? 0) + service.decode.replicas,
    npus: cards,
    slo: { ttftMs: ms(service.slo.ttftS), tpotMs: ms(service.slo.tpotS) },
    traffic: { ...service.traffic },
    verdict,
    meetsTtft: p === null ? null : p.meetsSlo.ttft,
    meetsTpot: p === null ? null : p.meetsSlo.tpot,
    ttftMs: p === null ? null : finite(ms(p.ttftS)),
    tpotMs: p === null ? null : finite(ms(p.tpotS)),
    goodputRequestsPerSecond: p === null ? null : round(p.goodput.requestsPerSecond),
    outputTokensPerSecond: p === null ? null : round(p.outputTokensPerSecond),
    acceleratorPowerKw: p === null || p.powerW === null ? null : kw(p.powerW),
    tokensPerJoule: p === null || p.tokensPerJoule === null ? null : round(p.tokensPerJoule),
    cardHoursPerMillionOutputTokens: served
      ? round(costPerMillionTokens({ cardHourPrice: 1 }, p.outputTokensPerSecond / cards, 0).perMillionOutputTokens)
      : null,
    costPerMillionOutputTokens: s.cost === null ? null : round(s.cost.perMillionOutputTokens),
    error: s.error,
  };
}

function schedulingSummary(data: CapacityData): SchedulingSummary | null {
  const s = data.schedule;
  if (s === null) return null;
  return {
    workload: s.workload,
    seed: s.seed,
    untilDemandPercent: s.untilDemandPercent,
    skipped: s.skipped,
    policies: s.runs.map((r) => ({
      policy: r.policy,
      allocation: round(r.final.allocation),
      fragmentation: round(r.final.fragmentationRatio),
      arrivedPods: r.arrivedPods,
      failedPods: r.failedPods,
    })),
  };
}

function kw(watts: number): number {
  return round(watts / 1000);
}

function ms(seconds: number): number {
  return round(seconds * 1000);
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? round(x) : null;
}
