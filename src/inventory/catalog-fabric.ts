import { getFabric } from '../catalog/index.ts';
import type { FabricLinkSpec, KnownSourced } from '../catalog/types.ts';
import type { FabricInfo, FabricLinkInfo } from './types.ts';

/** The Atlas 950 SuperPoD fabric's catalogue id: the one copy of its levels, bandwidths and latencies. */
export const ATLAS_950_FABRIC_ID = 'atlas-950-ub';

/** A catalogue fabric as Inventory data (bytes/s, seconds), with its default uplink. */
export function catalogFabricInfo(id: string): FabricInfo {
  const fabric = getFabric(id);
  return {
    name: fabric.id,
    kind: fabric.kind,
    levels: fabric.levels.map((level) => ({
      name: level.name,
      scope: level.scope,
      maxNpus: level.maxNpus.value,
      ...linkInfo('unified-bus', level),
    })),
    uplink: catalogUplinkInfo(id, fabric.defaultUplink),
  };
}

/** The catalogue's figures for a link of `kind` between SuperPoDs of fabric `id`. */
export function catalogUplinkInfo(id: string, kind: 'uboe' | 'roce'): FabricLinkInfo {
  return linkInfo(kind, getFabric(id).uplinks[kind]);
}

function linkInfo(kind: FabricLinkInfo['kind'], link: FabricLinkSpec): FabricLinkInfo {
  return {
    kind,
    bandwidthPerNpuBps: link.bandwidthPerNpuGBps.value * 1e9,
    latencyS: link.latencyUs.value * 1e-6,
    source: sourcesOf(link.bandwidthPerNpuGBps, link.latencyUs),
    confidence: weakest(link.bandwidthPerNpuGBps, link.latencyUs),
  };
}

/** One source string for a link: its bandwidth's and its latency's source ids, each once. */
function sourcesOf(...figures: readonly KnownSourced[]): string {
  return [...new Set(figures.map((f) => f.source))].join(',');
}

const RANK = ['estimated', 'reported', 'measured', 'vendor-claimed'] as const;

/** A link is only as certain as its least certain figure. */
function weakest(...figures: readonly KnownSourced[]): string {
  return RANK[Math.min(...figures.map((f) => RANK.indexOf(f.confidence)))]!;
}
