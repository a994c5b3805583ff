/**
 * Perf-model benchmark (`npm run bench:perf`): the validation table against every record of perf-validation.json the
 * model can express (error per point, MAPE per group, per metric, per hardware and overall), the power validation
 * against power-validation.json (node power, accelerator power and tokens/J per source), the recommendation model
 * against the MLPerf DLRM-v2 records of recommendation-validation.json (and its Ascend 950 extrapolations), then the time of one
 * prediction and of one capacity-plan search (medians).
 */
import os from 'node:os';
import { getAccelerator, getModel, getNodeType } from '../../src/catalog/index.ts';
import { planCapacity, predictInference, resolveDeployment } from '../../src/perf/index.ts';
import { Power } from '../../src/units/index.ts';
import { formatPowerValidation, runPowerValidation } from '../perf/power-harness.ts';
import { formatRecommendationValidation, runRecommendationValidation } from '../perf/recommendation-harness.ts';
import { computeBands, formatBands } from '../perf/residual-bands.ts';
import { closedFormCapacityRps, comparePoisson, formatPoissonComparison } from '../perf/serving-sim.ts';
import { CASES } from '../perf/validation-cases.ts';
import { formatValidation, loadRecords, runValidation } from '../perf/validation-harness.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function time(runs: number, fn: () => void): { median: number; min: number; max: number } {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

const fmt = (t: { median: number; min: number; max: number }) =>
  `${t.median.toFixed(3)} ms (min ${t.min.toFixed(3)}, max ${t.max.toFixed(3)})`;

console.log('Validation against shared/reference/perf-validation.json (copy: test/perf/data/)\n');
const started = performance.now();
const report = runValidation();
process.stdout.write(formatValidation(report));
console.log(`\n(validation run: ${(performance.now() - started).toFixed(0)} ms)\n`);

console.log(
  'Poisson load: the closed form (src/perf/serving.ts) against a step-level simulation of the same engine and step costs',
);
console.log('(test/perf/serving-sim.ts; seeds 1-5, 4,000 requests each after the warm-up), TTFT and TPOT in ms\n');
const simStarted = performance.now();
const measured = new Map(loadRecords().map((r) => [r.id, r.extra ?? {}]));
for (const c of CASES) {
  if (c.scenario.kind !== 'server') continue;
  const s = c.scenario;
  const traffic = {
    requestsPerSecond: s.requestsPerSecond / s.instances,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
  };
  const rows = comparePoisson(c.id, resolveDeployment(c.deployment()), traffic, [0.3, 0.6, 0.9, 1], {
    ...(s.maxBatch === undefined ? {} : { maxRunning: s.maxBatch }),
  });
  process.stdout.write(formatPoissonComparison(rows));
  const m = measured.get(c.id) as { ttft_mean_ms?: number; tpot_mean_ms?: number };
  console.log(`  measured at 100% of the record's load: TTFT ${m.ttft_mean_ms} ms, TPOT ${m.tpot_mean_ms} ms\n`);
}
console.log("Long prompts (300 output tokens), as a share of the closed form's capacity:");
for (const id of ['mlperf41-h200x8-llama2-70b-server', 'mlperf50-b200x8-llama2-70b-interactive-server']) {
  const d = resolveDeployment(CASES.find((c) => c.id === id)!.deployment());
  for (const inputTokens of [4000, 16000]) {
    const lengths = { inputTokens, outputTokens: 300 };
    const capacity = closedFormCapacityRps(d, lengths);
    const rows = comparePoisson(
      `${id} ${inputTokens} in`,
      d,
      { ...lengths, requestsPerSecond: capacity },
      [0.2, 0.5, 0.8],
      {
        seeds: 3,
        measuredRequests: 3000,
      },
    );
    process.stdout.write(formatPoissonComparison(rows));
  }
}
console.log(`(simulation run: ${(performance.now() - simStarted).toFixed(0)} ms)\n`);

console.log('Power validation against shared/reference/power-validation.json (copy: test/perf/data/)\n');
process.stdout.write(formatPowerValidation(runPowerValidation()));
console.log('');
process.stdout.write(formatBands(computeBands()));
console.log('(src/perf/uncertainty.ts holds these bands; Ascend 950 takes their envelope, widened x2 in log space)\n');

console.log(
  'Recommendation (DLRM) validation against MLPerf Inference v4.1 DLRM-v2 (test/perf/data/recommendation-validation.json)\n',
);
process.stdout.write(formatRecommendationValidation(runRecommendationValidation()));
console.log('');

console.log(`Timing on this machine (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}), medians:`);
const dense = {
  accelerator: getAccelerator('h100-sxm'),
  model: getModel('llama-3.1-70b'),
  precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' } as const,
  parallelism: { tp: 8 },
};
const moe = {
  accelerator: getAccelerator('ascend-950dt'),
  model: getModel('deepseek-v3'),
  precision: { weights: 'mxfp4', activations: 'mxfp4', kvCache: 'mxfp8' } as const,
  parallelism: { tp: 1, dp: 32, ep: 32 },
  tdp: Power.watts(900),
};
const workload = { batch: 64, inputTokens: 2048, outputTokens: 512 };
console.log(
  `  one prediction, Llama-3.1-70B on 8 x H100 (superpod perf, everything resolved): ${fmt(time(300, () => predictInference(dense, workload)))}`,
);
console.log(
  `  one prediction, DeepSeek-V3 on 32 x 950DT, EP32:                               ${fmt(time(300, () => predictInference(moe, { ...workload, batch: 2048 })))}`,
);
const resolved = resolveDeployment(dense);
console.log(
  `  one prediction on a resolved deployment (what the planner and policies reuse):    ${fmt(time(300, () => predictInference(resolved, workload)))}`,
);

let lastPlan: ReturnType<typeof planCapacity> | undefined;
const planTime = time(5, () => {
  lastPlan = planCapacity({
    model: getModel('deepseek-v3'),
    traffic: { requestsPerSecond: 2000, inputTokens: 8192, outputTokens: 1024 },
    slo: { ttftS: 1, tpotS: 0.05 },
    precisions: [
      { weights: 'mxfp4', activations: 'mxfp4', kvCache: 'mxfp8' },
      { weights: 'fp8', activations: 'fp8', kvCache: 'mxfp8' },
    ],
    hardware: [
      {
        accelerator: getAccelerator('atlas-350'),
        nodeType: getNodeType('atlas-350-server'),
        price: { cardHourPrice: 1.2 },
        roles: ['prefill'],
      },
      {
        accelerator: getAccelerator('ascend-950dt'),
        nodeType: getNodeType('ascend-950dt-node'),
        tdp: Power.watts(900),
        price: { cardHourPrice: 2.5 },
      },
    ],
  });
});
console.log(`  capacity plan, DeepSeek-V3 at 2,000 req/s (8k in, 1k out), Atlas 350 prefill + 950DT: ${fmt(planTime)}`);
if (lastPlan) {
  console.log(
    `    searched ${lastPlan.candidatesEvaluated} instance configurations (each a full SLO-rate search), compared ${lastPlan.configurationsEvaluated} complete plans; chose ${lastPlan.mode} with ${lastPlan.cards} cards`,
  );
}
