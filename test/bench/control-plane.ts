/**
 * Real-server scale benchmark (issue 11, section 4): the platform stage of a full Atlas 950 SuperPoD on DRA (1,024
 * node label sets and 1,024 ResourceSlices, test/bench/apps/atlas-950-superpod-dra.ts) applied by `superpod apply` to a
 * real kube-apiserver + etcd, then `superpod diff` of the same. Prints wall time, objects per second, the client's peak
 * RSS and the API server's and etcd's peak RSS. superpod keeps at most 8 requests in flight per apply group.
 * Target: the SuperPoD applied in under 2 minutes on two cores. Skips, saying why, when the control plane binaries
 * are not cached (`npm run control-plane:build`).
 */
import fs from 'node:fs';
import os from 'node:os';
import { loadInventory } from '../../src/app/load-stack.ts';
import { desiredGroups } from '../../src/deploy/desired.ts';
import { synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { registerNodes } from '../cluster/helpers.ts';
import {
  applyObject,
  controlPlaneMissing,
  startControlPlane,
  stopControlPlane,
} from '../control-plane/control-plane.ts';
import { measureCli } from './lib/measure.ts';

const APP = 'test/bench/apps/atlas-950-superpod-dra.ts';

/** Peak resident memory of a process (VmHWM), MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

const missing = controlPlaneMissing();
if (missing) {
  console.log(`control-plane benchmark skipped: ${missing}`);
  process.exit(0);
}
const inventory = await loadInventory(APP);
const objects = desiredGroups(synthesizeKubernetes(inventory), 'platform').flatMap((g) => g.objects);
const state = await startControlPlane();
try {
  const setupStarted = Date.now();
  await registerNodes(state, inventory, { concurrency: 16 });
  // Created by the Volcano install; the platform stage puts the scheduler's ConfigMap there.
  await applyObject(state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'volcano-system' } });
  console.log(
    `real-server benchmark: ${inventory.nodes.length} nodes registered in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s; ${objects.length} objects to apply (${objects.filter((o) => o.kind === 'Node').length} node label sets, ${objects.filter((o) => o.kind === 'ResourceSlice').length} ResourceSlices); ${os.cpus().length} cores`,
  );
  const cluster = ['--app', APP, '--stage', 'platform', '--kubeconfig', state.kubeconfig];
  const apply = measureCli(['apply', ...cluster]);
  const counts = /Applied: .*/.exec(apply.stdout)?.[0];
  console.log(
    `  apply  ${(apply.wallMs / 1000).toFixed(1).padStart(6)} s  ${(objects.length / (apply.wallMs / 1000)).toFixed(0).padStart(5)} objects/s  client peak RSS ${apply.peakRssMb.toFixed(0)} MB  (${counts})`,
  );
  const diff = measureCli(['diff', ...cluster], { allowExitCodes: [1] });
  const plan = /Plan: .*/.exec(diff.stdout)?.[0];
  console.log(
    `  diff   ${(diff.wallMs / 1000).toFixed(1).padStart(6)} s  ${(objects.length / (diff.wallMs / 1000)).toFixed(0).padStart(5)} objects/s  client peak RSS ${diff.peakRssMb.toFixed(0)} MB  (${plan})`,
  );
  for (const { name, pid } of state.pids) console.log(`  ${name} peak RSS ${peakRssMb(pid).toFixed(0)} MB`);
  if (!plan?.startsWith('Plan: 0 to create, 0 to update, 0 to prune'))
    throw new Error(`diff right after apply found differences: ${plan}`);
  console.log(`  target: the SuperPoD applied in under 120 s: ${apply.wallMs < 120_000 ? 'met' : 'NOT met'}`);
} finally {
  await stopControlPlane(state);
}
