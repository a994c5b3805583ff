import type { RecommendationModelSpec } from '../../catalog/recommendation.ts';
import { requireNumber } from '../input-checks.ts';
import { bytesMoved, HOST_GRANULE_B } from './gather.ts';

/**
 * How the embedding tables sit on the pool's devices:
 * - `replicated`: every device holds every table and serves its own items (data parallel, as the MLPerf DLRM-v2
 *   submissions run); no all-to-all.
 * - `table-wise`: whole tables spread over the devices (largest first, onto the device with the least gather work
 *   that still has room).
 * - `row-wise`: every table split by rows over all devices; each device returns partial pooled sums of full width.
 * - `column-wise`: every table split by columns; each device reads a slice of every row, rounded up to the access
 *   granularity, which is where a coarse granularity costs most.
 * `auto` picks the first that fits in this order: replicated, table-wise, row-wise (with host offload past that).
 */
export type ShardingStrategy = 'replicated' | 'table-wise' | 'row-wise' | 'column-wise';
export const SHARDING_STRATEGIES: readonly (ShardingStrategy | 'auto')[] = [
  'auto',
  'replicated',
  'table-wise',
  'row-wise',
  'column-wise',
];

export interface ShardingInput {
  readonly model: RecommendationModelSpec;
  readonly devices: number;
  /** Bytes per embedding element. */
  readonly elementBytes: number;
  /** HBM access granule, bytes. */
  readonly granuleB: number;
  /** HBM each device can give the tables (capacity minus dense weights, activations and runtime reserve). */
  readonly tableBudgetBytes: number;
  readonly strategy: ShardingStrategy | 'auto';
}

/** One table's share on one device. */
export interface TableShard {
  readonly table: string;
  readonly rows: number;
  readonly dim: number;
  /** Bytes in HBM and in host memory (offloaded rows). */
  readonly hbmBytes: number;
  readonly hostBytes: number;
}

/** Per device, per item of the pool's batch: what it stores, gathers and sends. */
export interface DevicePlan {
  readonly device: number;
  readonly shards: readonly TableShard[];
  readonly hbmTableBytes: number;
  readonly hostTableBytes: number;
  /** Lookups this device serves per item of the whole batch (HBM and host). */
  readonly lookupsPerItem: number;
  /** Bytes its HBM moves per item of the batch, each lookup rounded up to the access granule. */
  readonly hbmBytesMovedPerItem: number;
  /** Bytes its host link moves per item of the batch (offloaded rows, in host cache lines). */
  readonly hostBytesMovedPerItem: number;
  /** Pooled-embedding elements it produces per item, for the output all-to-all. */
  readonly pooledElementsPerItem: number;
}

export interface ShardingPlan {
  readonly strategy: ShardingStrategy;
  readonly devices: readonly DevicePlan[];
  /** True when some rows live in host memory. */
  readonly offloaded: boolean;
  /** Whether items cross devices (an all-to-all of indices before the gather and of pooled vectors after it). */
  readonly allToAll: boolean;
}

interface Table {
  readonly name: string;
  readonly rows: number;
  readonly dim: number;
  readonly pooling: number;
}

function expandTables(model: RecommendationModelSpec): Table[] {
  const out: Table[] = [];
  for (const g of model.embeddingTables) {
    for (let i = 0; i < g.count; i++) {
      out.push({ name: g.count === 1 ? g.name : `${g.name}[${i}]`, rows: g.rows, dim: g.dim, pooling: g.pooling });
    }
  }
  return out;
}

export function planSharding(input: ShardingInput): ShardingPlan {
  const { devices, strategy } = input;
  requireNumber('recommendation deployment devices', devices, {
    min: 1,
    whole: true,
    fix: 'give the number of accelerators the tables are spread over, e.g. 8',
  });
  if (strategy !== 'auto') return plan(input, strategy);
  for (const s of ['replicated', 'table-wise'] as const) {
    const p = plan(input, s);
    if (!p.offloaded) return p;
  }
  return plan(input, 'row-wise');
}

function plan(input: ShardingInput, strategy: ShardingStrategy): ShardingPlan {
  const tables = expandTables(input.model);
  const n = input.devices;
  const piece = (t: Table, rows: number, dim: number, pooling: number, budget: { left: number }) => {
    const bytes = rows * dim * input.elementBytes;
    const hbmBytes = Math.min(bytes, Math.max(0, budget.left));
    budget.left -= hbmBytes;
    const hostShare = bytes > 0 ? (bytes - hbmBytes) / bytes : 0;
    const rowBytes = dim * input.elementBytes;
    return {
      shard: { table: t.name, rows, dim, hbmBytes, hostBytes: bytes - hbmBytes },
      lookups: pooling,
      // Uniform access over rows: the offloaded share of rows takes that share of the lookups.
      hbm: pooling * (1 - hostShare) * bytesMoved(rowBytes, input.granuleB),
      host: pooling * hostShare * bytesMoved(rowBytes, HOST_GRANULE_B),
      pooled: dim,
    };
  };
  const build = (assign: (device: number, budget: { left: number }) => ReturnType<typeof piece>[]): DevicePlan[] =>
    Array.from({ length: n }, (_, device) => {
      const budget = { left: input.tableBudgetBytes };
      const pieces = assign(device, budget);
      return devicePlan(device, pieces, strategy === 'replicated' ? 1 / n : 1);
    });

  let devicesOut: DevicePlan[];
  switch (strategy) {
    case 'replicated':
      devicesOut = build((_, budget) => tables.map((t) => piece(t, t.rows, t.dim, t.pooling, budget)));
      break;
    case 'row-wise':
      devicesOut = build((_, budget) =>
        tables.map((t) => piece(t, Math.ceil(t.rows / n), t.dim, t.pooling / n, budget)),
      );
      break;
    case 'column-wise':
      devicesOut = build((_, budget) => tables.map((t) => piece(t, t.rows, Math.ceil(t.dim / n), t.pooling, budget)));
      break;
    case 'table-wise': {
      const owner = tableWiseOwners(tables, n, input);
      devicesOut = build((device, budget) =>
        tables.filter((_, i) => owner[i] === device).map((t) => piece(t, t.rows, t.dim, t.pooling, budget)),
      );
      break;
    }
  }
  return {
    strategy,
    devices: devicesOut,
    offloaded: devicesOut.some((d) => d.hostTableBytes > 0),
    allToAll: strategy !== 'replicated' && n > 1,
  };
}

/** Largest table first onto the device with the least gather work among those it fits; else the emptiest device. */
function tableWiseOwners(tables: readonly Table[], n: number, input: ShardingInput): number[] {
  const order = tables.map((t, i) => ({ i, bytes: t.rows * t.dim * input.elementBytes, t }));
  order.sort((a, b) => b.bytes - a.bytes || a.i - b.i);
  const used = new Array<number>(n).fill(0);
  const work = new Array<number>(n).fill(0);
  const owner = new Array<number>(tables.length).fill(0);
  for (const { i, bytes, t } of order) {
    let best = -1;
    for (let d = 0; d < n; d++) {
      if (used[d]! + bytes > input.tableBudgetBytes) continue;
      if (best < 0 || work[d]! < work[best]!) best = d;
    }
    if (best < 0) best = used.indexOf(Math.min(...used));
    owner[i] = best;
    used[best]! += bytes;
    work[best]! += t.pooling * bytesMoved(t.dim * input.elementBytes, input.granuleB);
  }
  return owner;
}

function devicePlan(
  device: number,
  pieces: readonly { shard: TableShard; lookups: number; hbm: number; host: number; pooled: number }[],
  itemShare: number,
): DevicePlan {
  const sum = (f: (p: (typeof pieces)[number]) => number) => pieces.reduce((t, p) => t + f(p), 0);
  return {
    device,
    shards: pieces.map((p) => p.shard),
    hbmTableBytes: sum((p) => p.shard.hbmBytes),
    hostTableBytes: sum((p) => p.shard.hostBytes),
    lookupsPerItem: sum((p) => p.lookups) * itemShare,
    hbmBytesMovedPerItem: sum((p) => p.hbm) * itemShare,
    hostBytesMovedPerItem: sum((p) => p.host) * itemShare,
    pooledElementsPerItem: sum((p) => p.pooled) * itemShare,
  };
}
