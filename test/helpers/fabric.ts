import type { FabricInfo, FabricLevelInfo } from '../../src/inventory/types.ts';

const level = (
  name: FabricLevelInfo['name'],
  scope: FabricLevelInfo['scope'],
  maxNpus: number,
  latencyS: number,
): FabricLevelInfo => ({
  name,
  scope,
  maxNpus,
  kind: 'unified-bus',
  bandwidthPerNpuBps: 1e12,
  latencyS,
  source: 'test',
  confidence: 'estimated',
});

/** Atlas 950 UB levels as an Inventory describes them (X node mesh, Y rack of 64, Z SuperPoD of 8,192), for fixtures. */
export function atlas950TestFabric(opts: { uplink?: boolean } = {}): FabricInfo {
  return {
    name: 'atlas-950-ub',
    kind: 'unified-bus',
    levels: [level('X', 'node', 8, 2e-7), level('Y', 'rack', 64, 5e-7), level('Z', 'superpod', 8192, 1e-6)],
    ...(opts.uplink
      ? { uplink: { kind: 'uboe', bandwidthPerNpuBps: 50e9, latencyS: 2.1e-6, source: 'test', confidence: 'reported' } }
      : {}),
  };
}
