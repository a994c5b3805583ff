import { formatNumber, UNITS } from '../units/index.ts';
import type { EventLoopResult } from './event-loop.ts';
import type { ExperimentResult } from './experiment.ts';
import type { TopologyQuality } from './metrics.ts';

/** Human-readable summaries of simulation results (the `superpod simulate` text output). */

const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '-' : `${formatNumber(100 * x, { decimals: digits, fixed: true })} %`;

/** Mean of the runs of one policy (several seeds). */
export interface ExperimentSummary {
  readonly policy: string;
  readonly seeds: readonly number[];
  readonly allocationAt: Readonly<Record<string, number>>;
  readonly fragmentationAmountAtEnd: number;
  readonly fragmentationRatioAt90: number | null;
  readonly failedPods: number;
  readonly firstFailureAt: number | null;
  readonly topology: TopologyQuality;
  readonly msPerRun: number;
}

export function summariseExperiments(runs: readonly ExperimentResult[], msPerRun: number): ExperimentSummary {
  const first = runs[0]!;
  const until = String(first.untilDemandPercent);
  const mean = (f: (r: ExperimentResult) => number | undefined) => {
    const values = runs.map(f).filter((v): v is number => v !== undefined);
    return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
  };
  const allocationAt: Record<string, number> = {};
  for (const key of Object.keys(first.allocationRatio)) allocationAt[key] = mean((r) => r.allocationRatio[key]);
  const ratio90 = mean((r) => r.fragmentationRatio['90']);
  const firsts = runs.map(firstFailure).filter((v): v is number => v !== null);
  return {
    policy: first.policy,
    seeds: runs.map((r) => r.seed),
    allocationAt,
    fragmentationAmountAtEnd: mean((r) => r.fragmentationAmount[until]),
    fragmentationRatioAt90: Number.isNaN(ratio90) ? null : ratio90,
    failedPods: mean((r) => r.failedPods),
    firstFailureAt: firsts.length === 0 ? null : firsts.reduce((s, v) => s + v, 0) / firsts.length,
    topology: first.topology,
    msPerRun,
  };
}

/** Arrived-demand share of the first percent bin whose allocation falls behind arrivals by over 0.5 points. */
function firstFailure(run: ExperimentResult): number | null {
  for (const [key, value] of Object.entries(run.allocationRatio)) {
    if (Number(key) / 100 - value > 0.005) return Number(key) / 100;
  }
  return null;
}

export function formatExperiment(result: ExperimentResult, header: string): string {
  const lines = [header, ''];
  lines.push('arrived demand   allocated   fragmentation (of capacity)   fragmentation (of idle)');
  const until = result.untilDemandPercent;
  const steps = new Set<number>();
  for (let k = 10; k < until; k += 10) steps.add(k);
  steps.add(until);
  for (const k of steps) {
    const key = String(k);
    if (result.allocationRatio[key] === undefined) continue;
    lines.push(
      `${`${k} %`.padStart(14)}   ${pct(result.allocationRatio[key]).padStart(9)}   ${pct(result.fragmentationAmount[key]).padStart(27)}   ${pct(result.fragmentationRatio[key]).padStart(23)}`,
    );
  }
  lines.push('');
  const kinds = Object.entries(result.failedByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  lines.push(
    `pods: ${result.arrivedPods} arrived, ${result.placedPods} placed, ${result.failedPods} failed${kinds ? ` (${kinds})` : ''}` +
      (result.impossiblePods > 0 ? `; ${result.impossiblePods} could never fit any node` : ''),
  );
  lines.push(`topology: ${formatTopology(result.topology)}`);
  const racks = result.rackUse;
  if (racks.length > 0) {
    lines.push(`rack use at the end: ${racks.map((r) => `${shortName(r.rack)} ${pct(r.used, 0)}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatTopology(t: TopologyQuality): string {
  const parts = [`multi-device pods in one X domain ${pct(t.podsInOneX)} (${t.multiDevicePods})`];
  if (t.gangs > 0) {
    parts.push(
      `gangs ${t.gangs}: in one node ${pct(t.gangsInOneNode)}, one rack ${pct(t.gangsInOneRack)}, one SuperPoD ${pct(t.gangsInOneSuperPod)}, fewest racks ${pct(t.gangsInFewestRacks)}`,
    );
  }
  return parts.join('; ');
}

export function formatComparison(summaries: readonly ExperimentSummary[], until: number, header: string): string {
  const lines = [header, ''];
  const columns = ['policy', 'alloc@100', `alloc@${until}`, `frag@${until}`, 'frag ratio@90', 'failed pods', 'ms/run'];
  lines.push(columns.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(15))).join(''));
  for (const s of summaries) {
    lines.push(
      [
        s.policy.padEnd(12),
        pct(s.allocationAt['100'], 2).padStart(15),
        pct(s.allocationAt[String(until)], 2).padStart(15),
        pct(s.fragmentationAmountAtEnd, 2).padStart(15),
        pct(s.fragmentationRatioAt90, 1).padStart(15),
        s.failedPods.toFixed(0).padStart(15),
        s.msPerRun.toFixed(0).padStart(15),
      ].join(''),
    );
  }
  const seeds = summaries[0]?.seeds ?? [];
  lines.push('');
  lines.push(
    `mean of ${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds.join(', ')}); allocation = allocated milli-devices / capacity`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatEventLoop(result: EventLoopResult, header: string): string {
  const lines = [header, ''];
  const hours = (s: number) =>
    s >= 3600 ? UNITS.duration.h.format(s, { fixed: true }) : UNITS.duration.s.format(s, { decimals: 0, fixed: true });
  lines.push(`simulated span: ${hours(result.spanS)}`);
  lines.push(
    `allocation: time average ${pct(result.allocation.timeAverage)}, peak ${pct(result.allocation.peak)}, at the end ${pct(result.allocation.final)}`,
  );
  lines.push(
    `fragmentation: time average ${pct(result.fragmentation.timeAverageAmount)} of capacity, ${pct(result.fragmentation.timeAverageRatio)} of idle`,
  );
  lines.push(
    `pods: ${result.pods} total, ${result.placedPods} placed, ${result.failedPods} could never fit, ${result.pendingPods} still waiting at the end`,
  );
  const wait = (w: EventLoopResult['waits']['pods']) =>
    w === null ? '-' : `mean ${hours(w.meanS)}, median ${hours(w.p50S)}, p95 ${hours(w.p95S)}, max ${hours(w.maxS)}`;
  lines.push(`wait of lone pods: ${wait(result.waits.pods)}`);
  lines.push(`gang wait: ${wait(result.waits.gangs)}`);
  lines.push(`topology: ${formatTopology(result.topology)}`);
  if (result.rackUse.length > 0) {
    lines.push(
      `rack use (time average): ${result.rackUse.map((r) => `${shortName(r.rack)} ${pct(r.used, 0)}`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function shortName(rack: string): string {
  const parts = rack.split('/');
  return parts[parts.length - 1] ?? rack;
}
