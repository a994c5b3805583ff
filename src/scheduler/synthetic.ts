import { RandomStream, SeededRandom } from './rng.ts';
import type { GangKind, SimGang, SimPod, Workload } from './types.ts';

/** One kind of arrival unit of the synthetic generator. */
export interface SyntheticShape {
  readonly name: string;
  readonly kind: GangKind | 'inference';
  /** Relative frequency among arrival units. */
  readonly weight: number;
  /** Pods per unit (more than 1 = a gang). */
  readonly pods: number;
  readonly devicesPerPod: number;
  /** Share of each device in milli; 1000 = whole devices. */
  readonly milli: number;
  /** Pods per rack block (Volcano ra-block / devices per pod); 0 = none. */
  readonly rackBlock: number;
}

/**
 * Default mix for Ascend SuperPoD clusters: inference pods of 1, 2, 4 and 8 NPUs, vNPU shares of a quarter and
 * a half NPU, and training gangs of 8-NPU pods with `ra-block` 64 (one rack per 8 pods). Training carries
 * most of the NPU demand, as on production SuperPoDs.
 */
export const DEFAULT_SYNTHETIC_MIX: readonly SyntheticShape[] = [
  { name: 'infer-1', kind: 'inference', weight: 0.25, pods: 1, devicesPerPod: 1, milli: 1000, rackBlock: 0 },
  { name: 'infer-2', kind: 'inference', weight: 0.12, pods: 1, devicesPerPod: 2, milli: 1000, rackBlock: 0 },
  { name: 'infer-4', kind: 'inference', weight: 0.12, pods: 1, devicesPerPod: 4, milli: 1000, rackBlock: 0 },
  { name: 'infer-8', kind: 'inference', weight: 0.15, pods: 1, devicesPerPod: 8, milli: 1000, rackBlock: 0 },
  { name: 'vnpu-quarter', kind: 'inference', weight: 0.08, pods: 1, devicesPerPod: 1, milli: 250, rackBlock: 0 },
  { name: 'vnpu-half', kind: 'inference', weight: 0.08, pods: 1, devicesPerPod: 1, milli: 500, rackBlock: 0 },
  { name: 'train-16', kind: 'training', weight: 0.1, pods: 2, devicesPerPod: 8, milli: 1000, rackBlock: 2 },
  { name: 'train-64', kind: 'training', weight: 0.08, pods: 8, devicesPerPod: 8, milli: 1000, rackBlock: 8 },
  { name: 'train-256', kind: 'training', weight: 0.02, pods: 32, devicesPerPod: 8, milli: 1000, rackBlock: 8 },
];

export interface SyntheticOptions {
  readonly seed: number;
  /** Stop after this many pods (the last unit may add a few more). */
  readonly pods: number;
  readonly mix?: readonly SyntheticShape[];
  /**
   * Devices of the cluster: sets the arrival rate and drops shapes of more than half the cluster;
   * default: arrivals 60 s apart on average, every shape.
   */
  readonly capacityDevices?: number;
  /** Offered load: Σ device demand × run time per unit of time, as a share of capacity. @default 0.9 */
  readonly load?: number;
  /** Mean run time of a unit, s (exponential). @default 3600 */
  readonly meanDurationS?: number;
  /** CPU and memory per device. @default 8 cores, 64 GiB */
  readonly cpuPerDeviceMilli?: number;
  readonly memoryPerDeviceMiB?: number;
}

/**
 * A seeded synthetic workload: units drawn from the mix, Poisson arrivals and exponential run times sized so
 * the offered load is `load` of the cluster's devices.
 */
export function syntheticWorkload(options: SyntheticOptions): Workload {
  const capacity = options.capacityDevices;
  // Units of more than half the cluster only wait for it to drain: leave them out of small clusters.
  const sized =
    capacity === undefined
      ? (options.mix ?? DEFAULT_SYNTHETIC_MIX)
      : (options.mix ?? DEFAULT_SYNTHETIC_MIX).filter((m) => m.pods * m.devicesPerPod <= capacity / 2);
  const mix = sized.length > 0 ? sized : (options.mix ?? DEFAULT_SYNTHETIC_MIX);
  const rng = new SeededRandom(options.seed, RandomStream.synthetic);
  const totalWeight = mix.reduce((s, m) => s + m.weight, 0);
  const meanDevices = mix.reduce(
    (s, m) => s + (m.weight / totalWeight) * m.pods * m.devicesPerPod * (m.milli / 1000),
    0,
  );
  const meanDuration = options.meanDurationS ?? 3600;
  const load = options.load ?? 0.9;
  const meanGap =
    options.capacityDevices !== undefined && options.capacityDevices > 0
      ? (meanDevices * meanDuration) / (load * options.capacityDevices)
      : 60;
  const cpuPerDevice = options.cpuPerDeviceMilli ?? 8000;
  const memoryPerDevice = options.memoryPerDeviceMiB ?? 64 * 1024;
  const pods: SimPod[] = [];
  const gangs: SimGang[] = [];
  let time = 0;
  let unit = 0;
  while (pods.length < options.pods) {
    let pick = rng.float() * totalWeight;
    let shape = mix[mix.length - 1]!;
    for (const m of mix) {
      pick -= m.weight;
      if (pick < 0) {
        shape = m;
        break;
      }
    }
    time += rng.exponential(meanGap);
    const duration = Math.max(1, rng.exponential(meanDuration));
    const gang = shape.pods > 1 ? gangs.length : -1;
    const members: number[] = [];
    const devices = shape.devicesPerPod * (shape.milli / 1000);
    for (let k = 0; k < shape.pods; k++) {
      members.push(pods.length);
      pods.push({
        name: shape.pods > 1 ? `${shape.name}-${unit}-${k}` : `${shape.name}-${unit}`,
        cpuMilli: Math.round(cpuPerDevice * Math.max(devices, 0.25)),
        memoryMiB: Math.round(memoryPerDevice * Math.max(devices, 0.25)),
        devices: shape.devicesPerPod,
        milli: shape.devicesPerPod > 0 ? shape.milli : 0,
        models: null,
        pool: null,
        priority: shape.kind === 'inference' ? 1 : 0,
        arrival: time,
        duration,
        gang,
      });
    }
    if (gang >= 0) {
      gangs.push({
        name: `${shape.name}-${unit}`,
        kind: shape.kind,
        pods: members,
        rackBlock: shape.rackBlock,
        superPodBlock: 0,
      });
    }
    unit++;
  }
  return { name: `synthetic-seed-${options.seed}`, pods, gangs };
}
