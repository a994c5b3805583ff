import { getFabric } from '../src/catalog/index.ts';
import { SuperpodInputError } from '../src/errors.ts';
import { ATLAS_950_FABRIC_ID, catalogFabricInfo } from '../src/inventory/catalog-fabric.ts';
import type { FabricInfo, FabricLevelInfo, FabricLinkInfo } from '../src/inventory/types.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';
import { Bandwidth, Duration } from '../src/units/index.ts';
import { requireMoreThanZero, requireProps, requireValue } from './validation.ts';

/** A link's figures: bandwidth, latency and where they come from. */
export interface FabricLinkProps {
  /** Bandwidth per NPU, one direction. */
  readonly bandwidthPerNpu: Bandwidth;
  /** One-way latency, more than zero (`Duration.microseconds(0.5)`). */
  readonly latency: Duration;
  /**
   * Source id or description of the numbers.
   * @default 'user input'
   */
  readonly source?: string;
  /**
   * How the numbers are known.
   * @default 'estimated'
   */
  readonly confidence?: 'vendor-claimed' | 'reported' | 'measured' | 'estimated';
}

/** One level of a UnifiedBus fabric (X, Y or Z). */
export interface FabricLevelProps extends FabricLinkProps {
  /** Largest number of NPUs one domain of this level holds. */
  readonly maxNpus: number;
}

/** The link out of a SuperPoD of a custom fabric. */
export interface FabricUplinkProps extends FabricLinkProps {
  /** UB over Ethernet or RDMA over Converged Ethernet. */
  readonly kind: 'uboe' | 'roce';
}

/** A link between SuperPoDs (`InterPodLink.uboe()`, `InterPodLink.roce()`). */
export interface InterPodLinkProps {
  /** Bandwidth per NPU, one direction. */
  readonly bandwidthPerNpu: Bandwidth;
  /**
   * One-way latency, more than zero.
   * @default - the catalogue's figure for the kind (`atlas-950-ub` in fabrics.json): 2.1 µs for UBoE (Huawei's claim), 5 µs for RoCE (an estimate)
   */
  readonly latency?: Duration;
}

/** A UnifiedBus fabric with your own levels (`UnifiedBusFabric.custom()`). */
export interface CustomFabricProps {
  /** Fabric name, shown in reports and kept in the Inventory. */
  readonly name: string;
  /** X: the node mesh. */
  readonly x: FabricLevelProps;
  /** Y: the rack. */
  readonly y: FabricLevelProps;
  /** Z: the SuperPoD. */
  readonly z: FabricLevelProps;
  /**
   * Link out of the SuperPoD.
   * @default - none
   */
  readonly uplink?: FabricUplinkProps;
}

/** The UnifiedBus fabric of a SuperPoD, levels X (node mesh), Y (rack), Z (SuperPoD). */
export class UnifiedBusFabric {
  /**
   * Atlas 950 SuperPoD: X 8-NPU mesh, Y 64 NPUs per rack, Z 8,192 NPUs; UBoE between SuperPoDs. The figures,
   * their sources and confidence come from the catalogue (`atlas-950-ub` in fabrics.json); the ~1 TB/s per
   * direction on every level at once is an upper bound.
   */
  static atlas950(): UnifiedBusFabric {
    return new UnifiedBusFabric(catalogFabricInfo(ATLAS_950_FABRIC_ID));
  }

  /** Your own levels, for other SuperPoD sizes or measured figures. */
  static custom(props: CustomFabricProps): UnifiedBusFabric {
    const where = formatLocation(callerLocation()) ?? 'UnifiedBusFabric.custom';
    requireProps(where, props, '{ name, x, y, z } with maxNpus, bandwidthPerNpu and latency per level');
    const toLevel = (name: 'X' | 'Y' | 'Z', scope: FabricLevelInfo['scope'], p: FabricLevelProps): FabricLevelInfo => {
      const link = toLink('unified-bus', p, where, name);
      return { name, scope, maxNpus: p.maxNpus, ...link };
    };
    const levels = [toLevel('X', 'node', props.x), toLevel('Y', 'rack', props.y), toLevel('Z', 'superpod', props.z)];
    for (const [inner, outer] of [
      [levels[0]!, levels[1]!],
      [levels[1]!, levels[2]!],
    ] as const) {
      if (!Number.isInteger(inner.maxNpus) || inner.maxNpus < 1 || outer.maxNpus % inner.maxNpus !== 0) {
        throw new SuperpodInputError({
          where,
          problem: `level ${outer.name} must hold a whole number of ${inner.name} domains`,
          value: `${inner.name}=${inner.maxNpus}, ${outer.name}=${outer.maxNpus}`,
          fix: 'make each maxNpus a multiple of the level inside it',
        });
      }
    }
    return new UnifiedBusFabric({
      name: props.name,
      kind: 'unified-bus',
      levels,
      ...(props.uplink ? { uplink: toLink(props.uplink.kind, props.uplink, where, 'uplink') } : {}),
    });
  }

  private constructor(private readonly info: FabricInfo) {}

  /** NPUs one SuperPoD of this fabric can hold. */
  get maxNpus(): number {
    return this.info.levels[this.info.levels.length - 1]!.maxNpus;
  }

  /** @internal plain data for the Inventory */
  toInfo(): FabricInfo {
    return this.info;
  }
}

/** A link between SuperPoDs of a SuperCluster. */
export class InterPodLink {
  /** UB over Ethernet, Atlas 950 SuperCluster (2.1 µs claimed). */
  static uboe(props: InterPodLinkProps): InterPodLink {
    return InterPodLink.of('uboe', props, formatLocation(callerLocation()) ?? 'InterPodLink.uboe');
  }
  /** RDMA over Converged Ethernet (400 Gb/s per NPU on CloudMatrix384). */
  static roce(props: InterPodLinkProps): InterPodLink {
    return InterPodLink.of('roce', props, formatLocation(callerLocation()) ?? 'InterPodLink.roce');
  }
  /** Your bandwidth; without a latency, the catalogue's for the kind, with its source and confidence. */
  private static of(kind: 'uboe' | 'roce', props: InterPodLinkProps, where: string): InterPodLink {
    const catalogued = getFabric(ATLAS_950_FABRIC_ID).uplinks[kind].latencyUs;
    const figures =
      props?.latency === undefined
        ? { latency: Duration.microseconds(catalogued.value), source: `user input,${catalogued.source}` }
        : { latency: props.latency, source: 'user input' };
    return new InterPodLink(toLink(kind, { ...props, ...figures, confidence: 'estimated' }, where, kind));
  }
  private constructor(private readonly info: FabricLinkInfo) {}
  /** @internal plain data for the Inventory */
  toInfo(): FabricLinkInfo {
    return this.info;
  }
}

function toLink(kind: FabricLinkInfo['kind'], p: FabricLinkProps, where: string, label: string): FabricLinkInfo {
  requireProps(
    where,
    p,
    `${label}: { bandwidthPerNpu: Bandwidth.gigabytesPerSecond(100), latency: Duration.microseconds(0.5) }`,
  );
  const bandwidth = requireMoreThanZero(
    where,
    `${label} bandwidthPerNpu`,
    requireValue(where, `${label} bandwidthPerNpu`, p.bandwidthPerNpu, Bandwidth, 'Bandwidth.gigabytesPerSecond(100)'),
    (b) => b.toBytesPerSecond(),
    'give the bandwidth each NPU has on the link, e.g. Bandwidth.gigabytesPerSecond(100)',
  );
  if (!(p.latency instanceof Duration) || p.latency.toSeconds() <= 0) {
    throw new SuperpodInputError({
      where,
      problem: `${label} latency must be a Duration of more than zero`,
      value: p.latency,
      fix: 'give the one-way latency, e.g. Duration.microseconds(0.5)',
    });
  }
  return {
    kind,
    bandwidthPerNpuBps: bandwidth.toBytesPerSecond(),
    latencyS: p.latency.toSeconds(),
    source: p.source ?? 'user input',
    confidence: p.confidence ?? 'estimated',
  };
}
