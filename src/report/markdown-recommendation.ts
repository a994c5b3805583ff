import type { CoolingLoopInfo } from '../inventory/types.ts';
import { kilowatts, litres, significant, wholeNumber, wholePercent } from '../units/index.ts';
import type { CapacityData } from './data.ts';
import { mdTable, orDash } from './format.ts';
import type { RecommendationFigures } from './recommendation.ts';

/** Table groups and time stages a pull-request comment lists per recommendation service. */
const TOP = 5;

/** Each recommendation service: load against the SLO, memory per device, and its largest tables and time sinks. */
export function recommendationSection(data: CapacityData): string[] {
  if (data.recommendations.length === 0) return [];
  const rows = data.recommendations.map((r) => {
    const s = r.service;
    const p = r.prediction;
    if (!p) return [s.id, s.modelId, 'not predicted', r.error ?? '', '', '', ''];
    const server = p.replica.server;
    const m = p.replica.memory;
    return [
      s.id,
      `${s.modelId} · ${s.replicas} x ${s.devicesPerReplica} ${p.replica.accelerator} · ${p.replica.sharding}`,
      recommendationVerdict(r),
      `${significant(s.traffic.queriesPerSecond)} / ${significant(p.maxQueriesPerSecond)}`,
      `${orDash(server.feasible ? server.p99Ms : null, significant)} / ${significant(server.p99SloMs)} ms`,
      `${m.totalGB.toFixed(1)} / ${m.capacityGBPerDevice} GB${m.offloadedGB > 0 ? ` (+${m.offloadedGB.toFixed(1)} GB host)` : ''}`,
      significant(p.recommendationsPerSecond),
    ];
  });
  const out = [
    '### Recommendation services',
    '',
    ...mdTable(
      ['service', 'model · layout', 'verdict', 'queries/s / max in SLO', 'p99 / SLO', 'memory per device', 'samples/s'],
      rows,
    ),
    '',
  ];
  for (const r of data.recommendations) {
    const p = r.prediction?.replica;
    if (!p) continue;
    const tables = [...p.memory.byTable].sort((a, b) => b.busiestDeviceGB + b.hostGB - (a.busiestDeviceGB + a.hostGB));
    const stages = [...p.timeBreakdown].sort((a, b) => b.ms - a.ms).filter((t) => t.ms > 0);
    out.push(
      `**${r.service.id}**: largest tables per device ${tables
        .slice(0, TOP)
        .map(
          (t) =>
            `${t.table} ${t.busiestDeviceGB.toFixed(1)} GB${t.hostGB > 0 ? ` (+${t.hostGB.toFixed(1)} GB host)` : ''}`,
        )
        .join(', ')}; a batch's time: ${stages
        .slice(0, TOP)
        .map((t) => `${t.stage} ${wholePercent(t.share)}`)
        .join(', ')} (${p.confidence.level}, ${p.confidence.calibration}).`,
      '',
    );
  }
  return out;
}

/** `meets SLO`, `misses SLO`, `cannot serve the load`, `tables do not fit`, `not predicted`. */
export function recommendationVerdict(r: RecommendationFigures): string {
  const p = r.prediction;
  if (!p) return 'not predicted';
  const m = p.replica.memory;
  if (m.totalGB > m.capacityGBPerDevice || (m.offloadedGB > 0 && !r.service.hostOffload)) return 'tables do not fit';
  if (!p.replica.server.feasible) return 'cannot serve the load';
  return p.replica.server.meetsSlo ? 'meets SLO' : 'misses SLO';
}

/** The halls' water at load and per year, the budget, and each service's litres per million units it serves. */
export function waterSection(data: CapacityData): string[] {
  const w = data.water;
  const f = w.figures;
  const budget = [
    ...(w.budgetLitresPerHour === null ? [] : [`budget ${litres(w.budgetLitresPerHour)} per hour`]),
    ...(w.budgetLitresPerYear === null ? [] : [`budget ${litres(w.budgetLitresPerYear)} per year`]),
  ];
  const out = ['### Water', ''];
  out.push(
    f.wueLitresPerKWh === null
      ? 'No SuperPoD names its heat-rejection plants (SuperPod `heatRejection`): water is not estimated.'
      : `WUE ${f.wueLitresPerKWh.toFixed(2)} L/kWh · ${litres(f.litresPerHour)} per hour at nameplate load · ${litres(f.litresPerYear)} per year at that load${f.unknownPods > 0 ? ` · ${f.unknownPods} SuperPoD(s) without plants left out` : ''}${budget.length > 0 ? ` · ${budget.join(', ')}` : ''}`,
  );
  out.push('');
  out.push(
    ...mdTable(
      ['SuperPoD', 'IT load', 'liquid plant', 'air plant', 'WUE L/kWh', 'litres per hour', 'per year'],
      f.pods.map((p) => [
        p.pod.id,
        kilowatts(p.itLoadW),
        plantName(p.pod.heatRejection?.liquid),
        plantName(p.pod.heatRejection?.air),
        orDash(p.water?.wueLitresPerKWh ?? null, (x) => x.toFixed(2)),
        orDash(p.water?.litresPerHour ?? null, wholeNumber),
        orDash(p.water?.litresPerYear ?? null, litres),
      ]),
    ),
    '',
  );
  if (w.workloads.length > 0) {
    out.push(
      ...mdTable(
        ['service', 'litres per hour', 'litres per million'],
        w.workloads.map((x) => [
          x.id,
          orDash(x.litresPerHour, significant),
          x.litresPerMillion === null ? '—' : `${significant(x.litresPerMillion)} per M ${x.unit}`,
        ]),
      ),
      '',
    );
  }
  return out;
}

/** `evaporative tower (COP 5 chillers)`, `dry cooler`, `—` when not given. */
export function plantName(loop: CoolingLoopInfo | undefined): string {
  if (!loop) return '—';
  const name = loop.plant.kind.replace('-', ' ');
  return loop.chillerCop === undefined ? name : `${name} (COP ${loop.chillerCop} chillers)`;
}
