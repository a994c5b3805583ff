import { schemeTableau10 } from 'd3-scale-chromatic';
import type { ExperimentResult } from '../../scheduler/experiment.ts';
import { wholeNumber, wholePercent } from '../../units/index.ts';
import { type LineSeries, lineChart } from '../charts/line.ts';
import type { CapacityData } from '../data.ts';
import { esc } from '../format.ts';
import { type ScheduleFigures, SYNTH_SCHEDULE_NODE_LIMIT } from '../schedule.ts';
import { type Cell, figure, table } from './table.ts';

/** Labels of the scheduler's topology-quality figures; figures it adds later show under their own key. */
const TOPOLOGY_LABELS: Readonly<Record<string, string>> = {
  multiDevicePods: 'multi-NPU pods',
  podsInOneX: 'pods in one X',
  gangs: 'gangs',
  gangsInOneX: 'gangs in one X',
  gangsInOneY: 'gangs in one Y',
  gangsInOneZ: 'gangs in one Z',
  gangsInOneNode: 'gangs in one node (X)',
  gangsInOneRack: 'gangs in one rack (Y)',
  gangsInOneSuperPod: 'gangs in one SuperPoD (Z)',
  gangsInFewestRacks: 'gangs on fewest racks',
};

export function policyColor(i: number): string {
  return schemeTableau10[i % schemeTableau10.length]!;
}

export function schedulerSection(data: CapacityData): string {
  const s = data.schedule;
  const head = '<section id="scheduler"><h2>Scheduling</h2>';
  if (s === null) {
    return `${head}<p class="empty">Left out of this report. Run <code>superpod report</code> (or <code>superpod simulate</code>) for the placement simulation; synth leaves it out above ${SYNTH_SCHEDULE_NODE_LIMIT.toLocaleString('en-US')} nodes to stay fast.</p></section>`;
  }
  if (s.runs.length === 0)
    return `${head}<p class="empty">Not simulated: ${esc(s.skipped ?? 'no policy chosen')}.</p></section>`;
  const what =
    s.workload === 'stack'
      ? `the stack's own services and jobs (${wholeNumber(s.workloadPods)} pods, ${wholeNumber(s.workloadGangs)} gangs), shuffled and cloned`
      : `the scheduler's synthetic Ascend mix (inference pods of 1-8 NPUs, vNPU shares, training gangs with ra-block; ${wholeNumber(s.workloadPods)} pods drawn, seed ${s.seed}) because the stack declares no workloads, cloned`;
  const intro = `<p>The FGD experiment (Weng et al., ATC '23) on this cluster, once per placement policy: ${esc(what)} until the arrived NPU demand reaches ${s.untilDemandPercent}% of capacity; nothing leaves, and a unit that does not fit fails. Curves are against the arrived demand; fragmentation is the share of idle NPU capacity that the typical pods cannot use.</p>`;
  return [
    head,
    intro,
    `<div class="charts">${curve(s, 'allocationRatio', 'NPU allocation', 'allocated share of NPUs')}${curve(s, 'fragmentationRatio', 'Fragmentation', 'fragmented share of idle NPUs')}</div>`,
    resultsTable(s),
    topologyTable(s),
    '</section>',
  ].join('\n');
}

function curve(
  s: ScheduleFigures,
  key: 'allocationRatio' | 'fragmentationRatio',
  name: string,
  yLabel: string,
): string {
  // Policies that give the same curve share one line, named after all of them: otherwise the last one drawn
  // hides the others and the legend promises lines the reader cannot find.
  const groups = new Map<string, { policies: string[]; points: (readonly [number, number])[]; index: number }>();
  s.runs.forEach((run, i) => {
    const points = Object.entries(run[key])
      .map(([pct, v]) => [Number(pct), v] as const)
      .sort((a, b) => a[0] - b[0]);
    const id = JSON.stringify(points);
    const group = groups.get(id);
    if (group) group.policies.push(run.policy);
    else groups.set(id, { policies: [run.policy], points, index: i });
  });
  const series: LineSeries[] = [...groups.values()].map((g, i) => ({
    name: g.policies.length > 2 ? `${g.policies.length} policies (same curve)` : g.policies.join(' = '),
    color: policyColor(g.index),
    ...(i >= schemeTableau10.length ? { dash: '4 2' } : {}),
    points: g.points,
  }));
  const merged = [...groups.values()].filter((g) => g.policies.length > 2);
  const yMax = key === 'allocationRatio' ? 1 : Math.max(0.05, ...series.flatMap((x) => x.points.map((p) => p[1])));
  return `<figure><figcaption>${esc(name)} by policy</figcaption>${lineChart({
    label: `${name} against arrived demand, one line per placement policy`,
    xLabel: 'arrived NPU demand (% of capacity)',
    yLabel,
    series,
    xDomain: [0, s.untilDemandPercent],
    yDomain: [0, Math.min(1, Math.ceil(yMax * 20) / 20)],
    yFormat: (v) => `${Math.round(v * 100)}%`,
  })}${merged.map((g) => `<p class="note">Same curve: ${esc(g.policies.join(', '))}.</p>`).join('')}</figure>`;
}

function resultsTable(s: ScheduleFigures): string {
  const best = Math.max(...s.runs.map((r) => r.final.allocation));
  const allEqual = s.runs.every((r) => r.final.allocation === best);
  const rows: Cell[][] = s.runs.map((r: ExperimentResult) => [
    r.policy,
    figure(wholePercent(r.final.allocation)),
    figure(wholePercent(r.final.fragmentationRatio)),
    figure(`${wholeNumber(r.placedPods)} / ${wholeNumber(r.arrivedPods)}`),
    figure(wholeNumber(r.failedPods)),
    figure(wholeNumber(r.impossiblePods)),
    Object.entries(r.failedByKind)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ') || '—',
    !allEqual && r.final.allocation === best ? { html: '<span class="badge ok">highest</span>' } : '',
  ]);
  return `<h3>At ${s.untilDemandPercent}% arrived demand</h3>${table(
    [
      'policy',
      'allocated',
      'fragmented idle',
      'pods placed',
      'pods failed',
      'of which never fit',
      'failed by kind',
      '',
    ],
    rows,
  )}`;
}

function topologyTable(s: ScheduleFigures): string {
  const keys: string[] = [];
  for (const run of s.runs) for (const k of Object.keys(run.topology)) if (!keys.includes(k)) keys.push(k);
  const rows: Cell[][] = s.runs.map((run) => [
    run.policy,
    ...keys.map((k): Cell => {
      const v = (run.topology as unknown as Record<string, number | null>)[k];
      if (v === null || v === undefined) return figure('—');
      return figure(isShare(k) ? wholePercent(v) : wholeNumber(v));
    }),
  ]);
  return `<h3>Topology quality</h3><p class="note">How well multi-NPU work sits in the UnifiedBus levels: X the 8-NPU node mesh, Y the rack, Z the SuperPoD. Shares count only the pods and gangs that could fit one domain of that level.</p>${table(
    ['policy', ...keys.map((k) => TOPOLOGY_LABELS[k] ?? k)],
    rows,
  )}`;
}

function isShare(key: string): boolean {
  return /^(pods|gangs)In/.test(key);
}
