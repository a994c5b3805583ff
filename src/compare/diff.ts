import type {
  CapacityDocument,
  CapacityFinding,
  FacilityFigures,
  NodeCapacity,
  ServiceCapacity,
} from '../capacity/index.ts';
import type {
  CapacityDiff,
  FigureChange,
  FigureScope,
  FigureUnit,
  NodeRef,
  ServiceSummary,
  SettingChange,
  SloFlip,
} from './types.ts';

interface FigureSpec<T> {
  readonly figure: string;
  readonly label: string;
  readonly unit: FigureUnit;
  readonly read: (x: T) => number | null;
}

const spec = <T>(figure: string, label: string, unit: FigureUnit, read: (x: T) => number | null): FigureSpec<T> => ({
  figure,
  label,
  unit,
  read,
});

/** Figures every level of the facility has (site, SuperPoD, rack), in the order a review reads them. */
const FACILITY: readonly FigureSpec<FacilityFigures>[] = [
  spec('npus', 'NPUs', 'count', (x) => x.npus),
  spec('nodes', 'nodes', 'count', (x) => x.nodes),
  spec('itNameplateKw', 'IT load (nameplate)', 'kW', (x) => x.itNameplateKw),
  spec('itDeratedLimitKw', 'derated supply limit', 'kW', (x) => x.itDeratedLimitKw),
  spec('liquidHeatKw', 'liquid heat', 'kW', (x) => x.liquidHeatKw),
  spec('airHeatKw', 'air heat', 'kW', (x) => x.airHeatKw),
  spec('liquidCapacityKw', 'liquid cooling capacity', 'kW', (x) => x.liquidCapacityKw),
  spec('airCapacityKw', 'air cooling capacity', 'kW', (x) => x.airCapacityKw),
  spec('usedU', 'rack units used', 'count', (x) => x.usedU),
  spec('weightKg', 'node mass', 'kg', (x) => x.weightKg),
  spec('unknownPowerNodes', 'nodes of unknown power', 'count', (x) => x.unknownPowerNodes),
];

const FACILITY_POWER = spec<{ readonly facilityKw: number }>(
  'facilityKw',
  'facility power (IT x PUE)',
  'kW',
  (x) => x.facilityKw,
);

/** A level's figures: NPUs, nodes and IT load first, then the level's own, then the rest of the facility's. */
function facilityWith<T extends FacilityFigures>(own: readonly FigureSpec<T>[]): FigureSpec<T>[] {
  return [...FACILITY.slice(0, 3), ...own, ...FACILITY.slice(3)];
}

const TOTALS: readonly FigureSpec<CapacityDocument['totals']>[] = [
  spec('npus', 'NPUs', 'count', (x) => x.npus),
  spec('superPods', 'SuperPoDs', 'count', (x) => x.superPods),
  spec('racks', 'racks', 'count', (x) => x.racks),
  ...FACILITY.slice(1, 3),
  FACILITY_POWER,
  ...FACILITY.slice(3),
];

const SUPERPOD = facilityWith<CapacityDocument['superPods'][number]>([
  FACILITY_POWER,
  spec('facilityBudgetKw', 'facility budget', 'kW', (x) => x.facilityBudgetKw),
  spec('pue', 'PUE', 'number', (x) => x.pue),
  spec('racks', 'racks', 'count', (x) => x.racks),
  spec('overloadedRacks', 'overloaded racks', 'count', (x) => x.overloadedRacks),
]);

const RACK = facilityWith<CapacityDocument['racks'][number]>([
  spec('utilisation', 'supply utilisation', 'share', (x) => x.utilisation),
  spec('failoverUtilisation', 'supply utilisation, one feed failed', 'share', (x) => x.failoverUtilisation),
]);

/** Compared only when both sides have a price: a cost missing for want of a price is unknown, not removed. */
const SERVICE_COST = spec<ServiceCapacity>(
  'costPerMillionOutputTokens',
  'cost per M output tokens',
  'number',
  (x) => x.costPerMillionOutputTokens,
);

const SERVICE: readonly FigureSpec<ServiceCapacity>[] = [
  spec('npus', 'NPUs', 'count', (x) => x.npus),
  spec('instances', 'instances', 'count', (x) => x.instances),
  spec('ttftMs', 'TTFT', 'ms', (x) => x.ttftMs),
  spec('tpotMs', 'TPOT', 'ms', (x) => x.tpotMs),
  spec(
    'cardHoursPerMillionOutputTokens',
    'cost per M output tokens (card-hours)',
    'number',
    (x) => x.cardHoursPerMillionOutputTokens,
  ),
  spec('goodputRequestsPerSecond', 'goodput (req/s)', 'number', (x) => x.goodputRequestsPerSecond),
  spec('outputTokensPerSecond', 'output tokens/s', 'number', (x) => x.outputTokensPerSecond),
  spec('tokensPerJoule', 'tokens/J', 'number', (x) => x.tokensPerJoule),
  spec('acceleratorPowerKw', 'accelerator power at load', 'kW', (x) => x.acceleratorPowerKw),
];

/**
 * The difference between two capacity reports: every changed figure (with absolute and relative deltas), what was
 * added and removed (SuperPoDs, racks, nodes, services), service settings, SLO verdicts that flipped, and findings
 * new, fixed and newly suppressed (matched by fingerprint, so a moved line is not a new finding). Pure.
 */
export function diffCapacity(base: CapacityDocument, head: CapacityDocument): CapacityDiff {
  const figures: FigureChange[] = [];
  compareFigures(figures, 'total', '', TOTALS, base.totals, head.totals);
  compareRecord(
    figures,
    'total',
    '',
    'npusByAccelerator',
    'NPUs',
    base.totals.npusByAccelerator,
    head.totals.npusByAccelerator,
  );

  const price = { base: base.price ?? null, head: head.price ?? null };
  const serviceSpecs = price.base && price.head ? [...SERVICE.slice(0, 4), SERVICE_COST, ...SERVICE.slice(4)] : SERVICE;
  const services = pair(base.services, head.services);
  for (const [id, b, h] of services.both) {
    compareFigures(figures, 'service', id, serviceSpecs, b, h);
    const pools = pair(
      b.pools.map((p) => ({ ...p, id: p.role })),
      h.pools.map((p) => ({ ...p, id: p.role })),
    );
    for (const [role, bp, hp] of pools.both) {
      compareFigures(
        figures,
        'service',
        id,
        [spec(`pools.${role}.memoryGB`, `${role} memory per device`, 'GB', (x: typeof bp) => x.memoryGB)],
        bp,
        hp,
      );
    }
  }
  const pods = pair(base.superPods, head.superPods);
  for (const [id, b, h] of pods.both) compareFigures(figures, 'superpod', id, SUPERPOD, b, h);
  const racks = pair(base.racks, head.racks);
  for (const [id, b, h] of racks.both) compareFigures(figures, 'rack', id, RACK, b, h);
  const policies = pair(
    (base.scheduling?.policies ?? []).map((p) => ({ ...p, id: p.policy })),
    (head.scheduling?.policies ?? []).map((p) => ({ ...p, id: p.policy })),
  );
  for (const [id, b, h] of policies.both) {
    compareFigures(
      figures,
      'scheduling',
      id,
      [
        spec('allocation', 'NPUs allocated', 'share', (x: typeof b) => x.allocation),
        spec('fragmentation', 'idle NPUs fragmented', 'share', (x: typeof b) => x.fragmentation),
        spec('failedPods', 'pods not placed', 'count', (x: typeof b) => x.failedPods),
      ],
      b,
      h,
    );
  }

  const nodes = pair(base.nodes, head.nodes);
  const settings = services.both.flatMap(([id, b, h]) => settingChanges(id, b, h));
  const sloFlips = services.both.filter(([, b, h]) => b.verdict !== h.verdict).map(([id, b, h]) => flip(id, b, h));
  const baseServices = new Map(base.services.map((s) => [s.id, s]));
  const findings = diffFindings(base.findings.items, head.findings.items);
  const diff: Omit<CapacityDiff, 'changed'> = {
    base: { stack: base.stack, version: base.tool.version },
    head: { stack: head.stack, version: head.tool.version },
    totals: { base: base.totals, head: head.totals },
    price,
    figures,
    superPods: { added: ids(pods.added), removed: ids(pods.removed) },
    racks: { added: ids(racks.added), removed: ids(racks.removed) },
    nodes: { added: nodes.added.map(nodeRef), removed: nodes.removed.map(nodeRef) },
    services: { added: ids(services.added), removed: ids(services.removed) },
    settings,
    sloFlips,
    serviceSummaries: head.services.map((s) => {
      const b = baseServices.get(s.id);
      return { service: s.id, base: b === undefined ? null : serviceSummary(b), head: serviceSummary(s) };
    }),
    findings: {
      ...findings,
      base: { errors: base.findings.errors, warnings: base.findings.warnings },
      head: { errors: head.findings.errors, warnings: head.findings.warnings },
    },
  };
  const changed =
    figures.length > 0 ||
    settings.length > 0 ||
    sloFlips.length > 0 ||
    [diff.superPods, diff.racks, diff.nodes, diff.services].some((x) => x.added.length + x.removed.length > 0) ||
    findings.new.length + findings.fixed.length + findings.newlySuppressed.length + findings.unsuppressed.length > 0;
  return { ...diff, changed };
}

function compareFigures<T>(
  out: FigureChange[],
  scope: FigureScope,
  subject: string,
  specs: readonly FigureSpec<T>[],
  base: T,
  head: T,
): void {
  for (const s of specs) {
    const change = figureChange(scope, subject, s.figure, s.label, s.unit, s.read(base), s.read(head));
    if (change) out.push(change);
  }
}

function compareRecord(
  out: FigureChange[],
  scope: FigureScope,
  subject: string,
  field: string,
  label: string,
  base: Readonly<Record<string, number>>,
  head: Readonly<Record<string, number>>,
): void {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  for (const key of keys) {
    const change = figureChange(
      scope,
      subject,
      `${field}.${key}`,
      `${label} ${key}`,
      'count',
      base[key] ?? 0,
      head[key] ?? 0,
    );
    if (change) out.push(change);
  }
}

function figureChange(
  scope: FigureScope,
  subject: string,
  figure: string,
  label: string,
  unit: FigureUnit,
  base: number | null,
  head: number | null,
): FigureChange | null {
  if (base === head) return null;
  const delta = base === null || head === null ? null : head - base;
  const relative = delta === null || base === null || base === 0 ? null : delta / Math.abs(base);
  return { scope, subject, figure, label, unit, base, head, delta: delta === null ? null : tidy(delta), relative };
}

/** Differences of two 6-significant-digit figures, without the binary noise (70.4 - 0.1 = 70.30000000000001). */
function tidy(x: number): number {
  return Number(x.toPrecision(10));
}

interface Pairing<T> {
  readonly both: [string, T, T][];
  readonly added: T[];
  readonly removed: T[];
}

/** Matches two lists by id: pairs in head order, head-only (added) and base-only (removed). */
function pair<T extends { readonly id: string }>(base: readonly T[], head: readonly T[]): Pairing<T> {
  const byId = new Map(base.map((x) => [x.id, x]));
  const headIds = new Set(head.map((x) => x.id));
  const both: [string, T, T][] = [];
  const added: T[] = [];
  for (const h of head) {
    const b = byId.get(h.id);
    if (b) both.push([h.id, b, h]);
    else added.push(h);
  }
  return { both, added, removed: base.filter((b) => !headIds.has(b.id)) };
}

function ids(xs: readonly { readonly id: string }[]): string[] {
  return xs.map((x) => x.id);
}

function nodeRef(n: NodeCapacity): NodeRef {
  return { id: n.id, rackId: n.rackId, accelerator: n.accelerator, npus: n.npus };
}

function settingChanges(id: string, b: ServiceCapacity, h: ServiceCapacity): SettingChange[] {
  const pairs: [string, string, string][] = [
    ['model', b.model, h.model],
    ['weights precision', b.precision.weights, h.precision.weights],
    ['activations precision', b.precision.activations, h.precision.activations],
    ['KV-cache precision', b.precision.kvCache, h.precision.kvCache],
    ['TTFT objective', `${b.slo.ttftMs} ms`, `${h.slo.ttftMs} ms`],
    ['TPOT objective', `${b.slo.tpotMs} ms`, `${h.slo.tpotMs} ms`],
    ['requests per second', String(b.traffic.requestsPerSecond), String(h.traffic.requestsPerSecond)],
    ['input tokens', String(b.traffic.inputTokens), String(h.traffic.inputTokens)],
    ['output tokens', String(b.traffic.outputTokens), String(h.traffic.outputTokens)],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([setting, x, y]) => ({ service: id, setting, base: x, head: y }));
}

function serviceSummary(s: ServiceCapacity): ServiceSummary {
  return {
    verdict: s.verdict,
    ttftMs: s.ttftMs,
    tpotMs: s.tpotMs,
    sloTtftMs: s.slo.ttftMs,
    sloTpotMs: s.slo.tpotMs,
    goodputRequestsPerSecond: s.goodputRequestsPerSecond,
    tokensPerJoule: s.tokensPerJoule,
    costPerMillionOutputTokens: s.costPerMillionOutputTokens,
    cardHoursPerMillionOutputTokens: s.cardHoursPerMillionOutputTokens,
  };
}

function flip(id: string, b: ServiceCapacity, h: ServiceCapacity): SloFlip {
  return {
    service: id,
    base: b.verdict,
    head: h.verdict,
    ttftMs: { base: b.ttftMs, head: h.ttftMs, sloMs: h.slo.ttftMs },
    tpotMs: { base: b.tpotMs, head: h.tpotMs, sloMs: h.slo.tpotMs },
  };
}

function diffFindings(base: readonly CapacityFinding[], head: readonly CapacityFinding[]) {
  const inBase = new Map(base.map((f) => [f.fingerprint, f]));
  const inHead = new Map(head.map((f) => [f.fingerprint, f]));
  const open = (f: CapacityFinding | undefined) => f !== undefined && f.suppressedBecause === null;
  const suppressed = (f: CapacityFinding | undefined) => f !== undefined && f.suppressedBecause !== null;
  return {
    new: head.filter((f) => open(f) && !inBase.has(f.fingerprint)),
    fixed: base.filter((f) => open(f) && !inHead.has(f.fingerprint)),
    newlySuppressed: head.filter((f) => suppressed(f) && !suppressed(inBase.get(f.fingerprint))),
    unsuppressed: head.filter((f) => open(f) && suppressed(inBase.get(f.fingerprint))),
  };
}
