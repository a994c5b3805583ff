import type { ClusterState } from './state.ts';
import type { SimPod } from './types.ts';

/**
 * GPU fragmentation as the FGD paper defines it (Weng et al., ATC'23; `pkg/utils/frag.go` of the FGD
 * simulator, fgd-method.md §5.1–5.2). A node's fragmentation F(n) is the expected idle device capacity that a
 * pod drawn from the "typical" workload distribution could not use: for each typical pod class m with
 * frequency p_m, all idle milli count when the class cannot run on the node (lacks devices, CPU or model
 * access, or asks for no device at all), and otherwise the idle milli on devices with less left than the
 * class's share.
 */

export interface TypicalPod {
  readonly cpuMilli: number;
  readonly devices: number;
  readonly milli: number;
  readonly models: readonly string[] | null;
  /** Frequency in the workload, re-normalised over the typical set (Σ = 1). */
  readonly weight: number;
  readonly count: number;
}

/**
 * The typical pod set (`GetTypicalPods`): group the original pods by (CPU, share, device count, model
 * list), sort classes by count (ties: larger key first), keep classes until they cover `threshold` of all
 * pods, and re-normalise. Memory is not part of the key.
 */
export function typicalPods(pods: readonly SimPod[], threshold = 0.95): TypicalPod[] {
  const groups = new Map<string, { cpu: number; devices: number; milli: number; spec: string; count: number }>();
  for (const pod of pods) {
    const spec = pod.devices > 0 && pod.models !== null ? pod.models.join('|') : '';
    const milli = pod.devices > 0 ? pod.milli : 0;
    const key = `${pod.cpuMilli}/${milli}/${pod.devices}/${spec}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { cpu: pod.cpuMilli, devices: pod.devices, milli, spec, count: 1 });
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      b.count - a.count ||
      b.cpu - a.cpu ||
      b.milli - a.milli ||
      b.devices - a.devices ||
      (a.spec < b.spec ? 1 : a.spec > b.spec ? -1 : 0),
  );
  const total = pods.length;
  const expected = threshold * total;
  const kept: typeof sorted = [];
  let cumulative = 0;
  for (const group of sorted) {
    if (cumulative >= expected) break;
    kept.push(group);
    cumulative += group.count;
  }
  return kept.map((g) => ({
    cpuMilli: g.cpu,
    devices: g.devices,
    milli: g.milli,
    models: g.spec === '' ? null : g.spec.split('|'),
    weight: g.count / total / (cumulative / total),
    count: g.count,
  }));
}

/** F(n) for node states, with the typical set compiled into flat arrays for speed. */
export class FragModel {
  readonly typical: readonly TypicalPod[];
  /** Weight of classes that ask for no device: they count all idle capacity as fragment. */
  private readonly cpuOnlyWeight: number;
  private readonly cpu: Float64Array;
  private readonly milli: Int32Array;
  private readonly devices: Int32Array;
  private readonly weight: Float64Array;
  /** Per node model: the device classes that may use it, and the weight of those that may not. */
  private readonly accessible: Int32Array[];
  private readonly noAccessWeight: Float64Array;

  constructor(typical: readonly TypicalPod[], modelNames: readonly string[]) {
    this.typical = typical;
    const gpu = typical.filter((t) => t.devices > 0 && t.milli > 0);
    const cpuOnly = typical.filter((t) => !(t.devices > 0 && t.milli > 0));
    this.cpuOnlyWeight = cpuOnly.reduce((s, t) => s + t.weight, 0);
    this.cpu = Float64Array.from(gpu, (t) => t.cpuMilli);
    this.milli = Int32Array.from(gpu, (t) => t.milli);
    this.devices = Int32Array.from(gpu, (t) => t.devices);
    this.weight = Float64Array.from(gpu, (t) => t.weight);
    this.accessible = [];
    this.noAccessWeight = new Float64Array(modelNames.length);
    modelNames.forEach((model, m) => {
      const ok: number[] = [];
      gpu.forEach((t, i) => {
        if (t.models === null || t.models.includes(model)) ok.push(i);
        else this.noAccessWeight[m]! += t.weight;
      });
      this.accessible.push(Int32Array.from(ok));
    });
  }

  /** F of a node state: CPU left, the milli left of its `count` devices in `lefts[start..]`, and its model. */
  nodeFrag(cpuLeft: number, lefts: Int32Array, start: number, count: number, modelId: number): number {
    let idle = 0;
    const end = start + count;
    for (let d = start; d < end; d++) idle += lefts[d]!;
    // Stryker disable next-line ConditionalExpression: with no idle milli every term below is 0; the return only skips the loop
    if (idle === 0) return 0;
    let frag = idle * (this.cpuOnlyWeight + this.noAccessWeight[modelId]!);
    const classes = this.accessible[modelId]!;
    for (let k = 0; k < classes.length; k++) {
      const m = classes[k]!;
      const w = this.weight[m]!;
      if (cpuLeft < this.cpu[m]!) {
        frag += w * idle;
        continue;
      }
      const milli = this.milli[m]!;
      let fit = 0;
      let below = 0;
      for (let d = start; d < end; d++) {
        const left = lefts[d]!;
        if (left >= milli) fit++;
        else below += left;
      }
      frag += w * (fit >= this.devices[m]! ? below : idle);
    }
    return frag;
  }
}

/**
 * Per-node F kept current with the cluster state (recomputed when a node's version moves), and the cluster
 * totals the FGD simulator reports after every event: fragmentation amount Σ F(n) and idle milli.
 */
export class FragTracker {
  readonly model: FragModel;
  private readonly state: ClusterState;
  private readonly frag: Float64Array;
  private readonly seen: Uint32Array;
  private cursor = 0;
  private sum = 0;

  constructor(state: ClusterState, typical: readonly TypicalPod[]) {
    this.state = state;
    this.model = new FragModel(typical, state.modelNames);
    this.frag = new Float64Array(state.nodeCount);
    this.seen = new Uint32Array(state.nodeCount);
    for (let node = 0; node < state.nodeCount; node++) {
      const f = this.compute(node);
      this.frag[node] = f;
      this.sum += f;
      this.seen[node] = state.version[node]!;
    }
    this.cursor = state.changeCount;
  }

  /** Current F of a node. */
  nodeFrag(node: number): number {
    const version = this.state.version[node]!;
    // Stryker disable next-line ConditionalExpression: recomputing an unchanged node gives the same F; the check saves time
    if (this.seen[node] !== version) {
      const f = this.compute(node);
      this.sum += f - this.frag[node]!;
      this.frag[node] = f;
      this.seen[node] = version;
    }
    return this.frag[node]!;
  }

  /** Σ F(n) over the cluster, in milli-devices. */
  total(): number {
    const state = this.state;
    const end = state.changeCount;
    for (let e = this.cursor; e < end; e++) this.nodeFrag(state.changedNode(e));
    this.cursor = end;
    return this.sum;
  }

  private compute(node: number): number {
    const s = this.state;
    return this.model.nodeFrag(s.cpuLeft[node]!, s.devLeft, s.devStart[node]!, s.devCount[node]!, s.modelId[node]!);
  }
}
