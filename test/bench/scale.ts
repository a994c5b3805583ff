/**
 * Scale benchmark (issue 8): `superpod synth -f` and `superpod check -f` on Atlas 950 clusters of 1, 8, 32 and 64
 * SuperPoDs (8,192 to 524,288 NPUs), each in a new process. Prints wall time, peak memory and time per 1,000 NPUs,
 * which stays flat when cost grows linearly. Targets: the SuperCluster in at most 60 s and 4 GB.
 * For reference (issue 8): plain cdktf + cdk8s emitting one label object and one ResourceSlice per node took 3.0 s
 * for one SuperPoD, 24.6 s for eight, and crashed at the SuperCluster on this machine.
 * SCALE_PODS=1,8 limits the sizes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCli } from './lib/measure.ts';

const sizes = (process.env.SCALE_PODS ?? '1,8,32,64').split(',').map(Number);

function clusterSpec(pods: number): string {
  return `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: supercluster
superCluster:
  name: atlas-950-supercluster
  interPodLink: { kind: uboe, bandwidthPerNpu: 50 GB/s }
superPods:
  - name: pod-{i}
    count: ${pods}
    racks:
      - name: rack-{i}
        count: 128
        height: 48
        reserved: 8
        power: { busbar: { voltage: 800 V, current: 150 A, redundancy: a-b } }
        cooling: { directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW, coolantClass: W32 } }
        nodes:
          - name: dt-{i}
            count: 8
            type: ascend-950dt-node
            role: decode
            acceleratorPower: 900 W
            hostPower: 1.6 kW
            weight: 80 kg
            height: 4
`;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-scale-'));
console.log(`scale benchmark: one run per size, ${os.cpus().length} cores`);
console.log(
  '  NPUs      nodes   | synth wall  peak RSS  per 1k NPUs | check wall  peak RSS  per 1k NPUs | synth marginal per 1k NPUs',
);
let previous: { npus: number; wallMs: number } | undefined;
for (const pods of sizes) {
  const spec = path.join(work, `cluster-${pods}.yaml`);
  fs.writeFileSync(spec, clusterSpec(pods));
  const npus = pods * 8192;
  const synth = measureCli(['synth', '-f', spec, '--out', path.join(work, 'out')]);
  fs.rmSync(path.join(work, 'out'), { recursive: true, force: true });
  const check = measureCli(['check', '-f', spec, '--format', 'json', '--out', path.join(work, 'check.json')]);
  const row = (m: { wallMs: number; peakRssMb: number }) =>
    `${(m.wallMs / 1000).toFixed(1).padStart(7)} s ${m.peakRssMb.toFixed(0).padStart(6)} MB ${((m.wallMs / npus) * 1000).toFixed(0).padStart(8)} ms`;
  // The marginal cost between sizes leaves out start-up; it stays flat when synth grows linearly.
  const marginal = previous
    ? `${(((synth.wallMs - previous.wallMs) / (npus - previous.npus)) * 1000).toFixed(0)} ms`
    : '-';
  previous = { npus, wallMs: synth.wallMs };
  console.log(
    `  ${String(npus).padEnd(9)} ${String(pods * 1024).padEnd(7)} | ${row(synth)}   | ${row(check)}   | ${marginal.padStart(8)}`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
