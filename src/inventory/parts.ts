import type { SourceLocation } from '../source-location.ts';
import type {
  FabricInfo,
  FabricLinkInfo,
  NodeInfo,
  RackCoolingInfo,
  RackPowerInfo,
  SuperPodFacilityInfo,
  SuppressionInfo,
  WorkloadInfo,
} from './types.ts';

/**
 * What an authoring object (a construct, a spec entry) contributes to the Inventory. Constructs expose it under
 * this symbol, so the inventory builder needs no import of `constructs`.
 */
export const INVENTORY_PART = Symbol.for('superpod.inventoryPart');

/** Suppressions attached to any construct, read by the inventory builder (see constructs/suppressions.ts). */
export const SUPPRESSIONS = Symbol.for('superpod.suppressions');

export type InventoryPart = SuperClusterPart | SuperPodPart | RackPart | NodePart | WorkloadPart | SuppressionPart;

export interface SuperClusterPart {
  readonly kind: 'super-cluster';
  readonly name: string;
  readonly interPodLink: FabricLinkInfo;
  readonly source?: SourceLocation;
}

export interface SuperPodPart extends SuperPodFacilityInfo {
  readonly kind: 'super-pod';
  readonly name: string;
  readonly index?: number;
  readonly fabric: FabricInfo;
  readonly source?: SourceLocation;
}

export interface RackPart {
  readonly kind: 'rack';
  readonly name: string;
  readonly index?: number;
  readonly heightU: number;
  readonly reservedU: number;
  readonly weightLimitKg: number;
  readonly power: RackPowerInfo;
  readonly cooling: RackCoolingInfo;
  readonly source?: SourceLocation;
}

/** A node as its construct states it: the NodeInfo fields it sets itself (the builder adds ids, rack and pod). */
export interface NodePart
  extends Pick<
    NodeInfo,
    | 'role'
    | 'nodeTypeId'
    | 'acceleratorId'
    | 'acceleratorCount'
    | 'uPosition'
    | 'heightU'
    | 'acceleratorTdpW'
    | 'hostPowerW'
    | 'weightKg'
    | 'cooling'
    | 'liquidFraction'
    | 'labels'
  > {
  readonly kind: 'node';
  readonly nodeName?: string;
  readonly pool?: string;
  /** How the node's pool hands out accelerators; every node of a pool must agree. @default 'device-plugin' */
  readonly deviceAllocation?: 'device-plugin' | 'dra';
  readonly source?: SourceLocation;
}

/** A workload; `id`, `path` and `source` are filled in by the builder. */
export interface WorkloadPart {
  readonly kind: 'workload';
  readonly workload: DistributiveOmit<WorkloadInfo, 'id' | 'path' | 'source'>;
  readonly source?: SourceLocation;
}

export interface SuppressionPart {
  readonly kind: 'suppressions';
  /** Suppressions attached to this element; target is filled in by the builder. */
  readonly suppressions: ReadonlyArray<Omit<SuppressionInfo, 'target'>>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The minimal shape of a construct the builder walks (structurally a `constructs` Construct). */
export interface TreeNode {
  readonly node: {
    readonly id: string;
    readonly path: string;
    readonly scope?: TreeNode;
    readonly children: readonly TreeNode[];
  };
}

export function partOf(tree: TreeNode): InventoryPart[] {
  const carrier = tree as unknown as Record<symbol, unknown>;
  const provider = carrier[INVENTORY_PART] as (() => InventoryPart | readonly InventoryPart[]) | undefined;
  const produced = typeof provider === 'function' ? provider.call(tree) : undefined;
  const parts: InventoryPart[] =
    produced === undefined ? [] : Array.isArray(produced) ? [...produced] : [produced as InventoryPart];
  const suppressions = carrier[SUPPRESSIONS] as SuppressionPart['suppressions'] | undefined;
  if (suppressions && suppressions.length > 0) parts.push({ kind: 'suppressions', suppressions });
  return parts;
}
