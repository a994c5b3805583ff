/**
 * Scheduler benchmark (issue 5 speed acceptance), medians:
 *  1. the FGD experiment on the full openb default trace to 130 % arrived demand, every policy x 10 seeds
 *     (limit: 2 s per policy per seed; the paper's Go simulator needs about 10 minutes on 2 vCPU);
 *  2. one million pods through the event loop on a 524,288-NPU Atlas 950 SuperCluster (64 SuperPoDs, 65,536
 *     nodes), in its own process for the peak memory (limits: 60 s, 4 GB).
 *
 *   npx tsx test/bench/scheduler.ts [--seeds 10] [--pods 1000000] [--policy superpod] [--skip-openb]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEventLoop } from '../../src/scheduler/event-loop.ts';
import { runFgdExperiment } from '../../src/scheduler/experiment.ts';
import { typicalPods } from '../../src/scheduler/frag.ts';
import { clusterFromInventory } from '../../src/scheduler/inventory.ts';
import { loadOpenbNodes, loadOpenbPods } from '../../src/scheduler/openb.ts';
import { PLACEMENT_POLICY_NAMES, type PlacementPolicyName } from '../../src/scheduler/placement/index.ts';
import { syntheticWorkload } from '../../src/scheduler/synthetic.ts';
import { OPENB_DIR, PAPER_SEEDS } from '../scheduler/fgd-reference.ts';
import { testInventory } from '../scheduler/fixtures/inventory.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    pods: { type: 'string' },
    policy: { type: 'string' },
    part: { type: 'string' },
    'skip-openb': { type: 'boolean' },
  },
});
const pods = Number(values.pods ?? 1_000_000);
const bigPolicy = (values.policy ?? 'superpod') as PlacementPolicyName;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (values.part === 'supercluster') {
  // Child process: build, run, print one JSON line.
  let t = performance.now();
  const inventory = testInventory({ superPods: 64, racksPerPod: 128, nodesPerRack: 8 });
  const cluster = clusterFromInventory(inventory);
  const buildMs = performance.now() - t;
  t = performance.now();
  const workload = syntheticWorkload({ seed: 1, pods, capacityDevices: cluster.nodes.length * 8 });
  const workloadMs = performance.now() - t;
  t = performance.now();
  const result = runEventLoop(cluster, workload, { policy: bigPolicy, seed: 1 });
  const runMs = performance.now() - t;
  console.log(
    JSON.stringify({
      nodes: cluster.nodes.length,
      npus: result.totalDevices,
      pods: workload.pods.length,
      gangs: workload.gangs.length,
      buildMs,
      workloadMs,
      runMs,
      allocation: result.allocation.timeAverage,
      gangWaitMeanS: result.waits.gangs?.meanS ?? 0,
      gangsInOneSuperPod: result.topology.gangsInOneSuperPod,
    }),
  );
  process.exit(0);
}

console.log(
  `scheduler benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), node ${process.version}`,
);

if (!values['skip-openb']) {
  const seeds = PAPER_SEEDS.slice(0, Number(values.seeds ?? PAPER_SEEDS.length));
  const cluster = loadOpenbNodes(path.join(OPENB_DIR, 'openb_node_list_gpu_node.csv'));
  const workload = loadOpenbPods(path.join(OPENB_DIR, 'openb_pod_list_default.csv'));
  const typical = typicalPods(workload.pods);
  console.log(
    `\n1. FGD experiment, openb default trace (1213 nodes, 6212 GPUs, ~10.8k arrivals) to 130 %, ${seeds.length} seeds`,
  );
  console.log(
    `${'policy'.padEnd(12)}${'median ms'.padStart(11)}${'min'.padStart(8)}${'max'.padStart(8)}${'alloc@130'.padStart(11)}  limit 2000 ms`,
  );
  let total = 0;
  for (const policy of PLACEMENT_POLICY_NAMES) {
    const ms: number[] = [];
    let allocation = 0;
    for (const seed of seeds) {
      const t = performance.now();
      const r = runFgdExperiment(cluster, workload, { policy, seed, typical });
      ms.push(performance.now() - t);
      allocation += r.allocationRatio['130']! / seeds.length;
    }
    total += ms.reduce((s, x) => s + x, 0);
    const m = median(ms);
    console.log(
      `${policy.padEnd(12)}${m.toFixed(0).padStart(11)}${Math.min(...ms)
        .toFixed(0)
        .padStart(8)}${Math.max(...ms)
        .toFixed(0)
        .padStart(8)}` + `${(100 * allocation).toFixed(2).padStart(10)} %  ${m <= 2000 ? 'ok' : 'OVER'}`,
    );
  }
  console.log(`all ${PLACEMENT_POLICY_NAMES.length} policies x ${seeds.length} seeds: ${(total / 1000).toFixed(1)} s`);
} else {
  console.log('\n1. FGD experiment: skipped (--skip-openb)');
}

console.log(`\n2. event loop, ${pods.toLocaleString('en')} pods on a 524,288-NPU SuperCluster, policy ${bigPolicy}`);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-bench-'));
const rssFile = path.join(work, 'rss');
const child = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    path.join(root, 'test/bench/rss-reporter.mjs'),
    fileURLToPath(import.meta.url),
    '--part',
    'supercluster',
    '--pods',
    String(pods),
    '--policy',
    bigPolicy,
  ],
  { cwd: root, encoding: 'utf8', env: { ...process.env, SUPERPOD_BENCH_RSS_FILE: rssFile } },
);
if (child.status !== 0) {
  console.error(child.stderr);
  process.exit(1);
}
const big = JSON.parse(child.stdout.trim().split('\n').pop()!);
const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
fs.rmSync(work, { recursive: true, force: true });
console.log(
  `${big.nodes.toLocaleString('en')} nodes, ${big.npus.toLocaleString('en')} NPUs, ${big.pods.toLocaleString('en')} pods in ${big.gangs.toLocaleString('en')} gangs and lone pods`,
);
console.log(
  `cluster ${big.buildMs.toFixed(0)} ms, workload ${big.workloadMs.toFixed(0)} ms, simulation ${(big.runMs / 1000).toFixed(1)} s (limit 60 s) ${big.runMs <= 60_000 ? 'ok' : 'OVER'}`,
);
console.log(`peak memory ${peakMb.toFixed(0)} MB (limit 4096 MB) ${peakMb <= 4096 ? 'ok' : 'OVER'}`);
console.log(
  `time-averaged allocation ${(100 * big.allocation).toFixed(1)} %, mean gang wait ${big.gangWaitMeanS.toFixed(0)} s, gangs in one SuperPoD ${(100 * (big.gangsInOneSuperPod ?? 0)).toFixed(1)} %`,
);
