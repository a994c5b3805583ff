import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  closedLoopState,
  type Deployment,
  idlePowerW,
  maxBatchThatFits,
  nodePowerW,
  predictInference,
  resolveDeployment,
  servingState,
} from '../../src/perf/index.ts';

import { POWER_CASES, POWER_FITTED, POWER_NOT_EXPRESSIBLE, type PowerCase, type PowerSource } from './power-cases.ts';
import { type Stats, stats } from './validation-harness.ts';

/** The measured power set (a copy of shared/reference/power-validation.json, kept with the tests). */
export const POWER_FILE = fileURLToPath(new URL('./data/power-validation.json', import.meta.url));

export interface PowerRecord {
  readonly id: string;
  readonly count: number;
  readonly tokens_per_s: number | null;
  readonly system_power_w: number | null;
  readonly accelerator_power_w: number | null;
  readonly tokens_per_joule: number | null;
  readonly output_tokens: number | null;
}

export function loadPowerRecords(): PowerRecord[] {
  return JSON.parse(readFileSync(POWER_FILE, 'utf8')) as PowerRecord[];
}

export type PowerMetric = 'node power' | 'accelerator power' | 'tokens/J';

export interface PowerRow {
  readonly id: string;
  readonly source: PowerSource;
  readonly hardware: string;
  readonly metric: PowerMetric;
  readonly measured: number;
  readonly predicted: number;
  /** Signed error, (predicted - measured) / measured x 100. */
  readonly error: number;
  readonly ape: number;
  /** The record a parameter was fitted on (reported apart from the held-out ones). */
  readonly fitted: boolean;
}

export interface PowerReport {
  readonly rows: readonly PowerRow[];
  readonly notExpressible: Readonly<Record<string, string>>;
  /** Held-out rows only, per `source metric`. */
  readonly heldOut: ReadonlyMap<string, Stats>;
  /** Every row, fitted included, per `source metric`. */
  readonly all: ReadonlyMap<string, Stats>;
}

interface Operating {
  /** Output tokens per second over all instances. */
  readonly tokensPerSecond: number;
  /** Mean power per accelerator, W. */
  readonly perDeviceW: number;
}

/** Throughput and mean accelerator power of one case's scenario. */
export function operatingPoint(d: Deployment, c: PowerCase, record: PowerRecord): Operating {
  const outputTokens = record.output_tokens ?? 1;
  const lengths = { inputTokens: c.inputTokens, outputTokens: Math.round(outputTokens) };
  switch (c.scenario.kind) {
    case 'offline': {
      const fit = maxBatchThatFits(d, c.inputTokens + outputTokens / 2, c.inputTokens);
      const batch = Math.max(1, Math.min(fit, c.scenario.maxBatch ?? Number.POSITIVE_INFINITY));
      const p = predictInference(d, { batch, ...lengths });
      return { tokensPerSecond: p.outputTokensPerSecond * c.instances, perDeviceW: p.powerPerDeviceW };
    }
    case 'server': {
      const rate = (record.tokens_per_s ?? 0) / outputTokens / c.instances;
      const s = servingState(d, { requestsPerSecond: rate, ...lengths });
      // An offered load above the predicted capacity saturates the instance: it runs as in the Offline scenario.
      if (!s.feasible) return operatingPoint(d, { ...c, scenario: { kind: 'offline' } }, record);
      return { tokensPerSecond: s.outputTokensPerSecond * c.instances, perDeviceW: s.powerPerDeviceW ?? 0 };
    }
    case 'running-batch': {
      const s = closedLoopState(d, c.scenario.batch, lengths);
      return { tokensPerSecond: s.outputTokensPerSecond * c.instances, perDeviceW: s.powerPerDeviceW ?? 0 };
    }
  }
}

function row(c: PowerCase, metric: PowerMetric, measured: number, predicted: number): PowerRow {
  const error = ((predicted - measured) / measured) * 100;
  return {
    id: c.id,
    source: c.source,
    hardware: c.hardware,
    metric,
    measured,
    predicted,
    error,
    ape: Math.abs(error),
    fitted: POWER_FITTED.includes(c.id),
  };
}

function rowsFor(c: PowerCase, record: PowerRecord): PowerRow[] {
  const d = resolveDeployment(c.deployment());
  const op = operatingPoint(d, c, record);
  const devices = d.devices * c.instances;
  const rows: PowerRow[] = [];
  if (c.node && record.system_power_w !== null) {
    const node = nodePowerW(c.node, op.perDeviceW, idlePowerW(d, d.hw.tdpW ?? 0));
    if (!node) throw new Error(`power case ${c.id}: the node has neither idle nor host power`);
    rows.push(row(c, 'node power', record.system_power_w, node.watts));
    if (record.tokens_per_joule !== null && !c.tokensPerJouleNotExpressible)
      rows.push(row(c, 'tokens/J', record.tokens_per_joule, op.tokensPerSecond / node.watts));
  } else if (record.accelerator_power_w !== null) {
    const watts = op.perDeviceW * devices;
    rows.push(row(c, 'accelerator power', record.accelerator_power_w, watts));
    if (record.tokens_per_joule !== null)
      rows.push(row(c, 'tokens/J', record.tokens_per_joule, op.tokensPerSecond / watts));
  }
  return rows;
}

function bySourceMetric(rows: readonly PowerRow[]): Map<string, Stats> {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.source} ${r.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), r.ape]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => [k, stats(v)]));
}

export function runPowerValidation(): PowerReport {
  const records = new Map(loadPowerRecords().map((r) => [r.id, r]));
  const rows = POWER_CASES.flatMap((c) => {
    const record = records.get(c.id);
    if (!record) throw new Error(`power case ${c.id}: no such record in power-validation.json`);
    return rowsFor(c, record);
  });
  const partly = POWER_CASES.filter((c) => c.tokensPerJouleNotExpressible).map((c) => [
    `${c.id} tokens/J`,
    c.tokensPerJouleNotExpressible as string,
  ]);
  return {
    rows,
    notExpressible: { ...POWER_NOT_EXPRESSIBLE, ...Object.fromEntries(partly) },
    heldOut: bySourceMetric(rows.filter((r) => !r.fitted)),
    all: bySourceMetric(rows),
  };
}

export function formatPowerValidation(report: PowerReport): string {
  const lines: string[] = [];
  const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
  lines.push(
    `${'record'.padEnd(50)} ${'metric'.padEnd(18)} ${'measured'.padStart(10)} ${'predicted'.padStart(10)} ${'error'.padStart(8)}`,
  );
  for (const r of report.rows) {
    const sign = `${r.error >= 0 ? '+' : ''}${r.error.toFixed(1)}%`;
    lines.push(
      `${`${r.id}${r.fitted ? ' (fitted)' : ''}`.padEnd(50)} ${r.metric.padEnd(18)} ${num(r.measured).padStart(10)} ${num(r.predicted).padStart(10)} ${sign.padStart(8)}`,
    );
  }
  const table = (title: string, m: ReadonlyMap<string, Stats>) => {
    lines.push('', `${title}: n, MAPE, median APE, worst APE`);
    for (const [k, s] of m)
      lines.push(`  ${k.padEnd(30)} ${String(s.n).padStart(3)}  ${pct(s.mape)}  ${pct(s.median)}  ${pct(s.worst)}`);
  };
  table('held out (no parameter fitted on these)', report.heldOut);
  table('all records, fitted included', report.all);
  lines.push('', 'tokens/J count output tokens only; MLPerf divides by node wall power, ML.ENERGY by GPU power.');
  lines.push('', 'not expressible:');
  for (const [id, why] of Object.entries(report.notExpressible)) lines.push(`  ${id.padEnd(50)} ${why}`);
  return `${lines.join('\n')}\n`;
}

function pct(x: number): string {
  return `${x.toFixed(1)}%`.padStart(7);
}
