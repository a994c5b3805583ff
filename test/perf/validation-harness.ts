import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  closedLoopState,
  type Deployment,
  type DeploymentInput,
  decodeStep,
  maxBatchThatFits,
  predictInference,
  prefillStep,
  resolveDeployment,
  servingState,
  tokensPerDecodeStep,
} from '../../src/perf/index.ts';
import {
  CASES,
  FITTED,
  type Group,
  type Metric,
  NOT_EXPRESSIBLE,
  type Scenario,
  type ValidationCase,
} from './validation-cases.ts';

/** The measured set (a copy of shared/reference/perf-validation.json, kept with the tests). */
export const VALIDATION_FILE = fileURLToPath(new URL('./data/perf-validation.json', import.meta.url));

export interface ValidationRecord {
  readonly id: string;
  readonly value: number;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function loadRecords(): ValidationRecord[] {
  const data = JSON.parse(readFileSync(VALIDATION_FILE, 'utf8')) as { records: ValidationRecord[] };
  return data.records;
}

export interface ValidationRow {
  readonly id: string;
  readonly group: Group;
  readonly hardware: string;
  readonly metric: Metric;
  readonly label: string;
  readonly unit: string;
  readonly measured: number;
  readonly predicted: number;
  /** Absolute percentage error, |predicted - measured| / measured x 100. */
  readonly ape: number;
  /** A calibration parameter was fitted on this point (FITTED). */
  readonly fitted: boolean;
}

export interface Stats {
  readonly n: number;
  readonly mape: number;
  readonly median: number;
  readonly worst: number;
}

export interface ValidationReport {
  readonly rows: readonly ValidationRow[];
  readonly notExpressible: Readonly<Record<string, string>>;
  readonly overall: Stats;
  /** Per metric and overall over the held-out points only. */
  readonly heldOut: { readonly overall: Stats; readonly byMetric: ReadonlyMap<string, Stats> };
  readonly byGroup: ReadonlyMap<string, Stats>;
  readonly byMetric: ReadonlyMap<string, Stats>;
  readonly byHardware: ReadonlyMap<string, Stats>;
}

/** The scenario's prediction of one metric, in the unit of the record (tok/s, ms). */
export function predictScenario(d: Deployment, s: Scenario, metric: Metric): number {
  const perStep = tokensPerDecodeStep(d);
  switch (s.kind) {
    case 'offline': {
      const meanContext = s.inputTokens + s.outputTokens / 2;
      const fit = maxBatchThatFits(d, meanContext, s.inputTokens);
      const batch = Math.max(1, Math.min(fit, s.maxBatch ?? Number.POSITIVE_INFINITY));
      const prefill = prefillStep(d, batch, s.inputTokens).timeS;
      const decode = decodeStep(d, batch, meanContext).timeS / perStep;
      const perInstance = (batch * s.outputTokens) / (prefill + Math.max(0, s.outputTokens - 1) * decode);
      const output = perInstance * s.instances;
      return s.count === 'total' ? (output * (s.inputTokens + s.outputTokens)) / s.outputTokens : output;
    }
    case 'server': {
      const state = servingState(
        d,
        {
          requestsPerSecond: s.requestsPerSecond / s.instances,
          inputTokens: s.inputTokens,
          outputTokens: s.outputTokens,
        },
        s.maxBatch === undefined ? {} : { maxBatch: s.maxBatch },
      );
      return metric === 'ttft'
        ? state.ttftS * 1e3
        : metric === 'tpot'
          ? state.tpotS * 1e3
          : state.outputTokensPerSecond * s.instances;
    }
    case 'closed-loop': {
      const state = closedLoopState(
        d,
        s.concurrency / s.instances,
        { inputTokens: s.inputTokens, outputTokens: s.outputTokens },
        s.maxBatch === undefined ? {} : { maxBatch: s.maxBatch },
      );
      return metric === 'ttft'
        ? state.ttftS * 1e3
        : metric === 'tpot'
          ? state.tpotS * 1e3
          : state.outputTokensPerSecond * s.instances;
    }
    case 'static': {
      const p = predictInference(d, { batch: s.batch, inputTokens: s.inputTokens, outputTokens: s.outputTokens });
      return metric === 'ttft' ? p.ttftMs : metric === 'tpot' ? p.tpotMs : p.outputTokensPerSecond;
    }
    case 'prefill': {
      const batch = (s.tokensPerDevice * d.devices) / s.inputTokens;
      const step = prefillStep(d, batch, s.inputTokens);
      const perDevice = (batch * s.inputTokens) / step.timeS / d.devices;
      return s.per === 'node' ? perDevice * 8 : perDevice;
    }
    case 'decode': {
      const batch = s.batchPerDevice * d.devices;
      const step = decodeStep(d, batch, s.context);
      if (metric === 'tpot') return (step.timeS / perStep) * 1e3;
      const perDevice = (batch * perStep) / step.timeS / d.devices;
      return s.per === 'node' ? perDevice * 8 : perDevice;
    }
    case 'decode-at-tpot': {
      const tpot = (b: number) => decodeStep(d, b, s.context).timeS / perStep;
      let lo = 0;
      let hi = d.devices;
      while (tpot(hi) <= s.tpotS && hi < 1e7) {
        lo = hi;
        hi *= 2;
      }
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (tpot(mid) <= s.tpotS) lo = mid;
        else hi = mid;
      }
      return lo > 0 ? (lo * perStep) / decodeStep(d, lo, s.context).timeS / d.devices : 0;
    }
  }
}

function measuredValue(record: ValidationRecord | undefined, label: string, id: string): number {
  const raw = label === 'value' ? record?.value : record?.extra?.[label];
  if (typeof raw !== 'number') throw new Error(`validation case ${id}: no number "${label}" in the record`);
  return raw;
}

function rowsFor(c: ValidationCase, records: ReadonlyMap<string, ValidationRecord>): ValidationRow[] {
  const base = resolveDeployment(c.deployment());
  const rows: ValidationRow[] = [];
  for (const e of c.expected) {
    const variant = c.variants?.[e.label];
    let d = base;
    let scenario = c.scenario;
    if (variant) {
      const { scenario: s, ...overrides } = variant;
      if (Object.keys(overrides).length > 0)
        d = resolveDeployment({ ...c.deployment(), ...overrides } as DeploymentInput);
      if (s) scenario = s;
    }
    const predicted = predictScenario(d, scenario, e.metric);
    const measured = measuredValue(records.get(c.id), e.label, c.id) * (e.scale ?? 1);
    rows.push({
      id: c.id,
      group: c.group,
      hardware: c.hardware,
      metric: e.metric,
      label: e.label,
      unit: e.unit,
      measured,
      predicted,
      ape: (Math.abs(predicted - measured) / measured) * 100,
      fitted: FITTED.includes(e.label === 'value' ? c.id : `${c.id} ${e.label}`),
    });
  }
  return rows;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n: 0, mape: 0, median: 0, worst: 0 };
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, mape: sorted.reduce((s, v) => s + v, 0) / n, median, worst: sorted[n - 1]! };
}

function groupStats(rows: readonly ValidationRow[], key: (r: ValidationRow) => string): Map<string, Stats> {
  const groups = new Map<string, number[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r.ape]);
  return new Map([...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => [k, stats(v)]));
}

export function runValidation(): ValidationReport {
  const records = new Map(loadRecords().map((r) => [r.id, r]));
  const rows = CASES.flatMap((c) => rowsFor(c, records));
  const heldOut = rows.filter((r) => !r.fitted);
  return {
    rows,
    notExpressible: NOT_EXPRESSIBLE,
    overall: stats(rows.map((r) => r.ape)),
    heldOut: { overall: stats(heldOut.map((r) => r.ape)), byMetric: groupStats(heldOut, (r) => r.metric) },
    byGroup: groupStats(rows, (r) => r.group),
    byMetric: groupStats(rows, (r) => r.metric),
    byHardware: groupStats(rows, (r) => r.hardware),
  };
}

/** The validation table as text, one row per compared point, then the summaries. */
export function formatValidation(report: ValidationReport): string {
  const lines: string[] = [];
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  lines.push(
    `${pad('record', 50)} ${pad('metric', 28)} ${'measured'.padStart(10)} ${'predicted'.padStart(10)} ${'error'.padStart(7)}`,
  );
  for (const r of report.rows) {
    lines.push(
      `${pad(`${r.id}${r.fitted ? ' (fitted)' : ''}`, 50)} ${pad(`${r.metric} ${r.label === 'value' ? '' : r.label}`.trim(), 28)} ${num(r.measured).padStart(10)} ${num(r.predicted).padStart(10)} ${`${r.ape.toFixed(1)}%`.padStart(7)}`,
    );
  }
  const table = (title: string, m: ReadonlyMap<string, Stats>) => {
    lines.push('', `${title}: n, MAPE, median APE, worst APE`);
    for (const [k, s] of m)
      lines.push(
        `  ${pad(k, 24)} ${String(s.n).padStart(3)}  ${fmtPct(s.mape)}  ${fmtPct(s.median)}  ${fmtPct(s.worst)}`,
      );
  };
  table('per group', report.byGroup);
  table('per metric, all points', report.byMetric);
  table('per metric, held out (no parameter fitted on these)', report.heldOut.byMetric);
  table('per hardware', report.byHardware);
  const o = report.overall;
  lines.push(
    '',
    `overall: ${o.n} points, MAPE ${fmtPct(o.mape)}, median ${fmtPct(o.median)}, worst ${fmtPct(o.worst)}`,
    `held out: ${report.heldOut.overall.n} points, MAPE ${fmtPct(report.heldOut.overall.mape)}, median ${fmtPct(report.heldOut.overall.median)}, worst ${fmtPct(report.heldOut.overall.worst)}`,
  );
  lines.push('', 'not expressible:');
  for (const [id, why] of Object.entries(report.notExpressible)) lines.push(`  ${pad(id, 50)} ${why}`);
  return `${lines.join('\n')}\n`;
}

function fmtPct(x: number): string {
  return `${x.toFixed(1)}%`.padStart(7);
}
