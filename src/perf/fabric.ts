import { ATLAS_950_FABRIC_ID, catalogFabricInfo } from '../inventory/catalog-fabric.ts';
import type { FabricInfo, FabricLevelInfo, FabricLinkInfo } from '../inventory/types.ts';
import type { HardwareProfile } from './hardware.ts';

/**
 * The fabric as the collectives see it: levels innermost first, each with the largest group it holds and the
 * per-accelerator bandwidth (one direction) and latency of its links. The last level is unbounded (scale-out).
 */
export interface FabricLevel {
  readonly name: string;
  readonly kind: FabricLinkInfo['kind'] | 'nvlink' | 'hccs';
  readonly maxNpus: number;
  readonly bandwidthBps: number;
  readonly latencyS: number;
  readonly source: string;
  readonly confidence: string;
}

export type Fabric = readonly FabricLevel[];

/** RoCE at 400 Gb/s per accelerator (one ConnectX-7 / 400GE port per device), DeepEP-measured latency class. */
const SCALE_OUT_400G: FabricLevel = {
  name: 'scale-out',
  kind: 'roce',
  maxNpus: Number.POSITIVE_INFINITY,
  bandwidthBps: 50e9,
  latencyS: 4e-6,
  source:
    'one 400 Gb/s RDMA NIC per accelerator (DGX H100/B200, Atlas 950 RoCE between SuperPoDs); DeepEP internode tests',
  confidence: 'estimated',
};

/**
 * Fabric for an accelerator when no inventory describes one: the scale-up domain the catalogue names, at its
 * catalogue bandwidth, then 400G RoCE. Ascend 950 chips sit in the Atlas 950 SuperPoD: its fabric as the catalogue
 * has it (`atlas-950-ub`: X 8 per node, Y 64 per rack, Z 8,192 per pod, UBoE out), the same figures the
 * `SuperPod` construct puts in the Inventory. The 910 generation follows CloudMatrix384 (384). Add-in cards
 * (Atlas 350) sit in ordinary servers: their UB mesh spans the server only.
 */
export function defaultFabric(hw: HardwareProfile): Fabric {
  const bw = hw.scaleUpBps;
  const up = (name: string, kind: FabricLevel['kind'], maxNpus: number, latencyS: number): FabricLevel => ({
    name,
    kind,
    maxNpus,
    bandwidthBps: bw,
    latencyS,
    source: `${hw.id} catalogue scale-up bandwidth`,
    confidence: 'catalogue',
  });
  if (bw <= 0) return [SCALE_OUT_400G];
  switch (hw.scaleUpFabric) {
    case 'nvlink':
      return [up('nvlink', 'nvlink', 8, 1e-6), SCALE_OUT_400G];
    case 'hccs':
      return [up('hccs', 'hccs', 8, 1.5e-6), { ...SCALE_OUT_400G, bandwidthBps: 25e9 }];
    case 'pcie':
      return [up('pcie', 'pcie', 8, 2e-6), SCALE_OUT_400G];
    case 'unified-bus':
      if (hw.formFactor === 'card') return [up('X', 'unified-bus', 8, 1e-6), SCALE_OUT_400G];
      if (hw.family === 'ascend-910')
        return [up('X', 'unified-bus', 8, 1e-6), up('supernode', 'unified-bus', 384, 1.5e-6), SCALE_OUT_400G];
      return fabricFromInventory(catalogFabricInfo(ATLAS_950_FABRIC_ID));
  }
}

/** The fabric of a SuperPoD from the inventory: its UB levels, then its uplink (UBoE/RoCE) or 400G RoCE. */
export function fabricFromInventory(fabric: FabricInfo): Fabric {
  const levels: FabricLevel[] = [...fabric.levels]
    .sort((a, b) => a.maxNpus - b.maxNpus)
    .map((l: FabricLevelInfo) => ({
      name: l.name,
      kind: l.kind,
      maxNpus: l.maxNpus,
      bandwidthBps: l.bandwidthPerNpuBps,
      latencyS: l.latencyS,
      source: l.source,
      confidence: l.confidence,
    }));
  const uplink = fabric.uplink;
  levels.push(
    uplink
      ? {
          name: uplink.kind,
          kind: uplink.kind,
          maxNpus: Number.POSITIVE_INFINITY,
          bandwidthBps: uplink.bandwidthPerNpuBps,
          latencyS: uplink.latencyS,
          source: uplink.source,
          confidence: uplink.confidence,
        }
      : SCALE_OUT_400G,
  );
  return levels;
}

/** A group of accelerators placed contiguously: the innermost level that holds it and the one just inside. */
export interface GroupSpan {
  readonly size: number;
  readonly level: FabricLevel;
  /** The level inside `level` (null when the group fits the innermost level). */
  readonly inner: FabricLevel | null;
}

export function spanOf(fabric: Fabric, size: number): GroupSpan {
  for (let i = 0; i < fabric.length; i++) {
    const level = fabric[i]!;
    if (size <= level.maxNpus) return { size, level, inner: i > 0 ? fabric[i - 1]! : null };
  }
  const last = fabric[fabric.length - 1]!;
  return { size, level: last, inner: fabric.length > 1 ? fabric[fabric.length - 2]! : null };
}
