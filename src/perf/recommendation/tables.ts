import type { ShardingPlan } from './sharding.ts';

/** One table group of a model on a replica's devices: where its bytes sit, summed over the group's tables. */
export interface TableMemory {
  /** The catalogue's group name (`cat_0`, `group_3`). */
  readonly table: string;
  /** Tables in the group. */
  readonly tables: number;
  /** Bytes in HBM over all devices, and in host memory (offloaded rows), GB. */
  readonly hbmGB: number;
  readonly hostGB: number;
  /** The most of the group one device holds in HBM, GB. */
  readonly busiestDeviceGB: number;
  /** Devices holding a piece of it. */
  readonly devices: number;
}

/** The plan's shards gathered per table group, in the order the model lists them. */
export function tableMemory(plan: ShardingPlan): TableMemory[] {
  const groups = new Map<string, { tables: Set<string>; hbm: number; host: number; perDevice: Map<number, number> }>();
  for (const device of plan.devices) {
    for (const shard of device.shards) {
      const name = shard.table.replace(/\[\d+\]$/, '');
      const g = groups.get(name) ?? { tables: new Set(), hbm: 0, host: 0, perDevice: new Map() };
      groups.set(name, g);
      g.tables.add(shard.table);
      g.hbm += shard.hbmBytes;
      g.host += shard.hostBytes;
      g.perDevice.set(device.device, (g.perDevice.get(device.device) ?? 0) + shard.hbmBytes);
    }
  }
  return [...groups.entries()].map(([table, g]) => ({
    table,
    tables: g.tables.size,
    hbmGB: gb(g.hbm),
    hostGB: gb(g.host),
    busiestDeviceGB: gb(Math.max(0, ...g.perDevice.values())),
    devices: g.perDevice.size,
  }));
}

function gb(bytes: number): number {
  return Number((bytes / 1e9).toPrecision(6));
}
