import type { Construct } from 'constructs';
import { getAccelerator, getNodeType } from '../src/catalog/index.ts';
import type { AcceleratorSpec, NodeTypeSpec } from '../src/catalog/types.ts';
import { SuperpodInputError } from '../src/errors.ts';
import { labelKeyProblem, labelValueProblem } from '../src/inventory/kubernetes-names.ts';
import { INVENTORY_PART, type NodePart } from '../src/inventory/parts.ts';
import { NODE_ROLES, type NodeRole } from '../src/inventory/types.ts';
import { Mass, Power, RackUnits } from '../src/units/index.ts';
import { isBranded, SuperpodConstruct } from './element.ts';
import { Rack800VDC } from './rack.ts';
import {
  constructLabel,
  fail,
  requireDnsLabel,
  requireFraction,
  requireMoreThanZero,
  requireUnit,
  requireWholeNumber,
} from './validation.ts';

const NODE = Symbol.for('superpod.AcceleratorNode');

/** Node types of the catalogue, as an enum-like class; `NodeType.of(id)` for any catalogue id. */
export class NodeType {
  /** Huawei Atlas 350 server: up to 8 Atlas 350 cards (Ascend 950PR), no card-to-card link (`350-Atlas-8`). */
  static readonly ATLAS_350_SERVER = new NodeType('atlas-350-server');
  /** Huawei Atlas 350 server: up to 16 Atlas 350 cards, no card-to-card link (`350-Atlas-16`). */
  static readonly ATLAS_350_SERVER_16 = new NodeType('atlas-350-server-16');
  /** Huawei Atlas 350 server: 8 Atlas 350 cards in two 4-card UB groups on UB mezzanine boards (`350-Atlas-4p-8`). */
  static readonly ATLAS_350_4P_SERVER = new NodeType('atlas-350-4p-server');
  /** Huawei Atlas 350 server: 16 Atlas 350 cards in four 4-card UB groups (`350-Atlas-4p-16`). */
  static readonly ATLAS_350_4P_SERVER_16 = new NodeType('atlas-350-4p-server-16');
  /** Ascend 950DT node: 8 NPUs in a UB full mesh (level X). */
  static readonly ASCEND_950DT_NODE = new NodeType('ascend-950dt-node');
  /** Atlas 800T A2 training server: 8 Ascend 910B NPUs. */
  static readonly ATLAS_800T_A2 = new NodeType('atlas-800t-a2');
  /** NVIDIA DGX H100: 8 H100 SXM GPUs (a comparator). */
  static readonly DGX_H100 = new NodeType('dgx-h100');
  /** NVIDIA DGX H200: 8 H200 SXM GPUs (a comparator). */
  static readonly DGX_H200 = new NodeType('dgx-h200');
  /** NVIDIA DGX B200: 8 B200 GPUs (a comparator). */
  static readonly DGX_B200 = new NodeType('dgx-b200');
  /** NVIDIA HGX H20: 8 H20 GPUs (a comparator). */
  static readonly HGX_H20 = new NodeType('hgx-h20');
  /** Any node type of the catalogue by id (`superpod catalog list node-types`); checked when a node uses it. */
  static of(id: string): NodeType {
    return new NodeType(id);
  }
  private constructor(readonly id: string) {}
}

/**
 * How a node pool hands its accelerators to pods: the classic device plugin (extended resource `huawei.com/npu`,
 * scheduled by Volcano's Ascend plugin) or Dynamic Resource Allocation (`resource.k8s.io/v1` ResourceSlices whose
 * devices carry chip type, HBM and UnifiedBus coordinates, requested through ResourceClaims).
 */
export class DeviceAllocation {
  /** The Ascend (or NVIDIA) device plugin DaemonSet advertises an extended resource. */
  static readonly DEVICE_PLUGIN = new DeviceAllocation('device-plugin');
  /** DRA: DeviceClasses, one ResourceSlice per node, ResourceClaimTemplates for the workloads. */
  static readonly DRA = new DeviceAllocation('dra');
  private constructor(readonly mode: 'device-plugin' | 'dra') {}
  /** `device-plugin` or `dra`, as the spec and the `superpod.dev/device-allocation` label write it. */
  toString(): string {
    return this.mode;
  }
}

/** Props every node takes. */
export interface NodeCommonProps {
  /** What the node serves; drives labels, pools and the report's colours. @default 'general' */
  readonly role?: NodeRole;
  /**
   * Node pool; one device-plugin DaemonSet per pool. Nodes of one pool must share their node type.
   * @default - `<node type id>` for role general, else `<node type id>-<role>`
   */
  readonly pool?: string;
  /** Kubernetes node name. @default - `<superpod>-<rack>-<id>` as a DNS-1123 label */
  readonly nodeName?: string;
  /**
   * Power of one accelerator at full load. Required where the catalogue has no published TDP (950PR chip, 950DT).
   * @default - the catalogue TDP
   */
  readonly acceleratorPower?: Power;
  /** Power of everything but the accelerators at full load. @default - the catalogue's host power */
  readonly hostPower?: Power;
  /** Mass of the chassis with its accelerators. @default - the catalogue's weight */
  readonly weight?: Mass;
  /** Chassis height. @default - the catalogue's height */
  readonly height?: RackUnits;
  /** Lowest rack unit to put the chassis at. @default - right above the highest node in the rack */
  readonly position?: number;
  /** Share of heat taken by liquid when liquid-cooled (0..1]. @default - the catalogue's, 0.8 */
  readonly liquidFraction?: number;
  /** Extra node labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How the node's pool hands accelerators to pods. Every node of a pool must use the same one.
   * @default DeviceAllocation.DEVICE_PLUGIN
   */
  readonly deviceAllocation?: DeviceAllocation;
}

export interface AcceleratorNodeProps extends NodeCommonProps {
  /** The chassis, from the catalogue. */
  readonly nodeType: NodeType;
  /** Accelerators installed. @default - the node type's default */
  readonly acceleratorCount?: number;
}

/** Resolved, validated facts of a node, read by the Inventory. */
export interface ResolvedNode {
  /** The node type's catalogue entry. */
  readonly nodeType: NodeTypeSpec;
  /** The catalogue entry of the node's accelerator. */
  readonly accelerator: AcceleratorSpec;
  /** Accelerators installed. */
  readonly acceleratorCount: number;
  /** What the node serves. */
  readonly role: NodeRole;
  /** Node pool name, undefined for the default `<node type>-<role>`. */
  readonly pool: string | undefined;
  /** Kubernetes node name, undefined for the default. */
  readonly nodeName: string | undefined;
  /** Power of one accelerator at full load in watts; null when unknown (an input). */
  readonly acceleratorTdpW: number | null;
  /** Power of everything but the accelerators in watts; null when unknown. */
  readonly hostPowerW: number | null;
  /** Chassis mass in kilograms; null when unknown. */
  readonly weightKg: number | null;
  /** Chassis height in rack units. */
  readonly heightU: number;
  /** Lowest rack unit the chassis occupies (1 = the bottom). */
  readonly uPosition: number;
  /** Share of the node's heat taken by direct liquid cooling (0 to 1). */
  readonly liquidFraction: number;
  /** Extra Kubernetes node labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** How the node's accelerators are handed to pods. */
  readonly deviceAllocation: DeviceAllocation;
}

/** A server with accelerators, placed in a rack. The comparators' 8-GPU nodes use it directly. */
export class AcceleratorNode extends SuperpodConstruct {
  /** Whether `x` is an `AcceleratorNode` (works across copies of the library). */
  static isAcceleratorNode(x: unknown): x is AcceleratorNode {
    return isBranded(x, NODE);
  }
  /** The rack the node stands in. */
  readonly rack: Rack800VDC;
  /** @internal */
  readonly resolved: ResolvedNode;

  constructor(scope: Construct, id: string, props: AcceleratorNodeProps) {
    super(scope, id, NODE);
    if (!Rack800VDC.isRack800VDC(scope)) {
      fail(
        this,
        'a node must be created inside a Rack800VDC',
        constructLabel(scope),
        'create the node with a rack as its scope: new Ascend950DTNode(rack, id)',
      );
    }
    this.rack = scope;
    if (!props || typeof props !== 'object')
      fail(this, 'props are required', props, 'pass { nodeType: NodeType.DGX_H100 }');
    if (!(props.nodeType instanceof NodeType)) {
      fail(
        this,
        'nodeType must be a NodeType',
        props.nodeType,
        'pass for example nodeType: NodeType.DGX_H100 or NodeType.of("dgx-b200")',
      );
    }
    const nodeType = atPath(this, () => getNodeType(props.nodeType.id));
    const accelerator = atPath(this, () => getAccelerator(nodeType.acceleratorId));
    const count = props.acceleratorCount ?? nodeType.acceleratorCount.default;
    requireWholeNumber(
      this,
      'acceleratorCount',
      count,
      nodeType.acceleratorCount.min,
      nodeType.acceleratorCount.max,
      nodeType.acceleratorCount.min === nodeType.acceleratorCount.max
        ? `every ${nodeType.id} holds ${nodeType.acceleratorCount.max} ${accelerator.id} accelerators; leave acceleratorCount out, or pick a node type with fewer`
        : `a ${nodeType.id} holds ${nodeType.acceleratorCount.min} to ${nodeType.acceleratorCount.max} ${accelerator.id} accelerators; use at most ${nodeType.acceleratorCount.max} and add another server for more`,
    );
    const role = props.role ?? 'general';
    if (!NODE_ROLES.includes(role)) fail(this, 'unknown role', role, `use one of ${NODE_ROLES.join(', ')}`);
    if (props.pool !== undefined) requireDnsLabel(this, 'pool', props.pool);
    if (props.nodeName !== undefined) requireDnsLabel(this, 'nodeName', props.nodeName);
    const heightU =
      props.height === undefined
        ? nodeType.heightU.value
        : requireUnit(this, 'height', props.height, RackUnits, 'RackUnits.of(4)').toUnits();
    if (heightU === null) {
      fail(
        this,
        `the catalogue has no published height for ${nodeType.id}`,
        null,
        'pass height: RackUnits.of(n) with the chassis height',
      );
    }
    const tdp = optionalPower(this, 'acceleratorPower', props.acceleratorPower) ?? accelerator.tdpW.value;
    const host = optionalPower(this, 'hostPower', props.hostPower) ?? nodeType.hostPowerW.value;
    const weight =
      props.weight === undefined
        ? nodeType.weightKg.value
        : requireMoreThanZero(
            constructLabel(this),
            'weight',
            requireUnit(this, 'weight', props.weight, Mass, 'Mass.kilograms(60)'),
            (mass) => mass.toKilograms(),
            "give the node's weight, e.g. Mass.kilograms(60), or leave it out for the catalogue's",
          ).toKilograms();
    const liquidFraction =
      props.liquidFraction === undefined
        ? (nodeType.liquidFraction.value ?? 0.8)
        : requireFraction(
            this,
            'liquidFraction',
            props.liquidFraction,
            'use the share of heat on the cold plates, typically 0.7 to 0.95',
          );
    const deviceAllocation =
      props.deviceAllocation === undefined
        ? DeviceAllocation.DEVICE_PLUGIN
        : requireUnit(this, 'deviceAllocation', props.deviceAllocation, DeviceAllocation, 'DeviceAllocation.DRA');
    const labels = props.labels ?? {};
    for (const [key, value] of Object.entries(labels)) {
      if (labelKeyProblem(key) !== undefined)
        fail(this, 'label key is not a valid Kubernetes label key', key, 'use a key like "example.com/team"');
      if (typeof value !== 'string' || labelValueProblem(value) !== undefined)
        fail(
          this,
          `label "${key}" has an invalid value`,
          value,
          'use at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit',
        );
    }
    const uPosition = this.rack.place(
      this,
      heightU,
      props.position === undefined
        ? undefined
        : requireWholeNumber(this, 'position', props.position, 1, this.rack.height.toUnits()),
    );
    this.resolved = {
      nodeType,
      accelerator,
      acceleratorCount: count,
      role,
      pool: props.pool,
      nodeName: props.nodeName,
      acceleratorTdpW: tdp,
      hostPowerW: host,
      weightKg: weight,
      heightU,
      uPosition,
      liquidFraction,
      labels: { ...labels },
      deviceAllocation,
    };
  }

  /** @internal */
  [INVENTORY_PART](): NodePart {
    const r = this.resolved;
    return {
      kind: 'node',
      role: r.role,
      nodeTypeId: r.nodeType.id,
      acceleratorId: r.accelerator.id,
      acceleratorCount: r.acceleratorCount,
      uPosition: r.uPosition,
      heightU: r.heightU,
      acceleratorTdpW: r.acceleratorTdpW,
      hostPowerW: r.hostPowerW,
      weightKg: r.weightKg,
      cooling: r.nodeType.cooling,
      liquidFraction: r.liquidFraction,
      labels: r.labels,
      ...(r.deviceAllocation === DeviceAllocation.DRA ? { deviceAllocation: 'dra' as const } : {}),
      ...(r.nodeName ? { nodeName: r.nodeName } : {}),
      ...(r.pool ? { pool: r.pool } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }
}

export interface Atlas350ServerProps extends NodeCommonProps {
  /**
   * Atlas 350 cards (Ascend 950PR, PCIe tier) in the server, 1 to 16; more than 8 takes the 16-slot chassis
   * (`350-Atlas-16`). With `ubMezzanine`, a multiple of 4. @default 8
   */
  readonly cards?: number;
  /**
   * Whether UB mezzanine boards join every 4 cards by UnifiedBus (`350-Atlas-4p-8`/`-16`, schedule policy
   * chip4-node8/16). Without them the cards have no card-to-card link (`350-Atlas-8`/`-16`, chip1-node8/16) and a
   * tensor-parallel group across cards runs over PCIe. @default false
   */
  readonly ubMezzanine?: boolean;
}

/**
 * A partner-OEM server with 1–16 Atlas 350 cards (Ascend 950PR); prefill and recommendation inference. The
 * MindCluster server variant (node type) follows from `cards` and `ubMezzanine`; the default is the 8-card server
 * with no card-to-card link.
 */
export class Atlas350Server extends AcceleratorNode {
  constructor(scope: Construct, id: string, props: Atlas350ServerProps = {}) {
    const { cards, ubMezzanine, ...rest } = props ?? {};
    super(scope, id, {
      ...rest,
      nodeType: atlas350NodeType(scope, id, cards, ubMezzanine),
      ...(cards === undefined ? {} : { acceleratorCount: cards }),
    });
  }
}

/** The Atlas 350 node type for a card count and mezzanine choice. */
function atlas350NodeType(scope: Construct, id: string, cards: unknown, ubMezzanine: unknown): NodeType {
  const where = `${constructLabel(scope)}/${id}`;
  if (ubMezzanine !== undefined && typeof ubMezzanine !== 'boolean') {
    throw new SuperpodInputError({
      where,
      problem: 'ubMezzanine must be true or false',
      value: ubMezzanine,
      fix: 'pass ubMezzanine: true for 4-card UB groups, or leave it out',
    });
  }
  const sixteen = typeof cards === 'number' && cards > 8;
  if (!ubMezzanine) return sixteen ? NodeType.ATLAS_350_SERVER_16 : NodeType.ATLAS_350_SERVER;
  if (typeof cards === 'number' && cards % 4 !== 0) {
    throw new SuperpodInputError({
      where,
      problem: 'with ubMezzanine the cards come in 4-card UB groups',
      value: cards,
      fix: 'use 4, 8, 12 or 16 cards, or leave ubMezzanine out for cards without a card-to-card link',
    });
  }
  return sixteen ? NodeType.ATLAS_350_4P_SERVER_16 : NodeType.ATLAS_350_4P_SERVER;
}

/** An Ascend 950DT SuperPoD node: 8 NPUs in a full UB mesh (level X); decode and training. */
export class Ascend950DTNode extends AcceleratorNode {
  constructor(scope: Construct, id: string, props: NodeCommonProps = {}) {
    super(scope, id, { ...(props ?? {}), nodeType: NodeType.ASCEND_950DT_NODE });
  }
}

function optionalPower(scope: Construct, prop: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const power = requireUnit(scope, prop, value, Power, 'Power.watts(800)');
  return requireMoreThanZero(
    constructLabel(scope),
    prop,
    power,
    (p) => p.toWatts(),
    `give your measured or contracted ${prop}, e.g. Power.watts(800)`,
  ).toWatts();
}

/** Re-locates a catalogue lookup error at the construct's path. */
function atPath<T>(scope: Construct, lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (SuperpodInputError.is(error)) {
      throw new SuperpodInputError({
        where: constructLabel(scope),
        problem: error.problem,
        value: error.value,
        fix: error.fix,
      });
    }
    throw error;
  }
}
