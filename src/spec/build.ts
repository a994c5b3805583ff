import type { Construct } from 'constructs';
import { Cooling } from '../../constructs/cooling.ts';
import { InterPodLink, UnifiedBusFabric } from '../../constructs/fabric.ts';
import {
  AcceleratorNode,
  Ascend950DTNode,
  DeviceAllocation,
  type NodeCommonProps,
  NodeType,
} from '../../constructs/nodes.ts';
import { RackPower } from '../../constructs/power.ts';
import { Rack800VDC } from '../../constructs/rack.ts';
import { SuperCluster, SuperPod } from '../../constructs/superpod.ts';
import type { TerraformApp } from '../terraform/app.ts';
import { SuperPodStack } from '../terraform/superpod-stack.ts';
import { RackUnits } from '../units/index.ts';
import { heatRejectionProps } from './build-water.ts';
import { buildWorkload } from './build-workloads.ts';
import { type Path, SpecBuilder } from './builder.ts';
import type { SpecDocument } from './document.ts';
import { given } from './given.ts';
import type { ClusterSpec, NodeSpec, RackSpec, SuperPodSpec, SupplySpec } from './types.ts';

/**
 * Builds the construct tree a spec describes inside `app`, with the same construct ids a TypeScript stack would use,
 * so the spec and the stack synthesise the same bytes. Every construct is located at its spec entry (or at the
 * `source` it was exported with), and every error names the spec's file:line:column.
 */
export function buildFromSpec(app: TerraformApp, spec: ClusterSpec, doc: SpecDocument): SuperPodStack {
  const b = new Builder(doc);
  const stack = b.at(
    ['metadata'],
    undefined,
    () => new SuperPodStack(app, spec.metadata.name, { ...(spec.kubernetes ?? {}) }),
  );
  let parent: Construct = stack;
  if (spec.superCluster) {
    const sc = spec.superCluster;
    parent = b.at(
      ['superCluster'],
      sc.source,
      () =>
        new SuperCluster(stack, sc.name, {
          ...(sc.labelName ? { name: sc.labelName } : {}),
          interPodLink: interPodLink(b, sc.interPodLink),
        }),
    );
  }
  spec.superPods.forEach((podSpec, p) => {
    for (const [i, name] of b.expand(['superPods', p], podSpec.name, podSpec.count))
      b.superPod(parent, podSpec, ['superPods', p], name, offset(podSpec.index, i));
  });
  (spec.workloads ?? []).forEach((workload, w) => {
    buildWorkload(b, stack, workload, ['workloads', w]);
  });
  return stack;
}

class Builder extends SpecBuilder {
  superPod(parent: Construct, spec: SuperPodSpec, path: Path, name: string, index: number | undefined): void {
    const pod = this.at(
      path,
      spec.source,
      () =>
        new SuperPod(parent, name, {
          ...(spec.fabric === undefined || spec.fabric === 'atlas950'
            ? {}
            : { fabric: this.fabric(spec.fabric, [...path, 'fabric']) }),
          ...given({ index, pue: spec.pue, designPue: spec.designPue }),
          ...(spec.labelName ? { name: spec.labelName } : {}),
          ...this.optionalQuantity('power', path, 'facilityPowerBudget', spec.facilityPowerBudget),
          ...this.optionalQuantity('power', path, 'switchPowerPerRack', spec.switchPowerPerRack),
          ...this.optionalQuantity('power', path, 'interconnectPower', spec.interconnectPower),
          ...heatRejectionProps(this, spec.heatRejection, path),
        }),
    );
    this.suppress(pod, spec.suppressions, path);
    spec.racks.forEach((rackSpec, r) => {
      for (const [i, rackName] of this.expand([...path, 'racks', r], rackSpec.name, rackSpec.count)) {
        this.rack(pod, rackSpec, [...path, 'racks', r], rackName, offset(rackSpec.index, i));
      }
    });
  }

  private fabric(spec: Exclude<SuperPodSpec['fabric'], 'atlas950' | undefined>, path: Path): UnifiedBusFabric {
    const level = (l: 'x' | 'y' | 'z') => ({
      maxNpus: spec[l].maxNpus,
      bandwidthPerNpu: this.quantity('bandwidth', [...path, l, 'bandwidthPerNpu'], spec[l].bandwidthPerNpu),
      latency: this.quantity('duration', [...path, l, 'latency'], spec[l].latency),
      ...(spec[l].source ? { source: spec[l].source } : {}),
      ...(spec[l].confidence ? { confidence: spec[l].confidence } : {}),
    });
    const uplink = spec.uplink;
    return this.at(path, undefined, () =>
      UnifiedBusFabric.custom({
        name: spec.name,
        x: level('x'),
        y: level('y'),
        z: level('z'),
        ...(uplink
          ? {
              uplink: {
                kind: uplink.kind,
                bandwidthPerNpu: this.quantity(
                  'bandwidth',
                  [...path, 'uplink', 'bandwidthPerNpu'],
                  uplink.bandwidthPerNpu,
                ),
                latency: this.quantity('duration', [...path, 'uplink', 'latency'], uplink.latency),
                ...(uplink.source ? { source: uplink.source } : {}),
                ...(uplink.confidence ? { confidence: uplink.confidence } : {}),
              },
            }
          : {}),
      }),
    );
  }

  private rack(pod: SuperPod, spec: RackSpec, path: Path, name: string, index: number | undefined): void {
    const rack = this.at(
      path,
      spec.source,
      () =>
        new Rack800VDC(pod, name, {
          power: this.power(spec.power, [...path, 'power']),
          cooling: this.cooling(spec.cooling, [...path, 'cooling']),
          ...(spec.height !== undefined ? { height: RackUnits.of(spec.height) } : {}),
          ...(spec.reserved !== undefined ? { reserved: RackUnits.of(spec.reserved) } : {}),
          ...this.optionalQuantity('mass', path, 'weightLimit', spec.weightLimit),
          ...given({ index }),
          ...(spec.labelName ? { name: spec.labelName } : {}),
        }),
    );
    this.suppress(rack, spec.suppressions, path);
    (spec.nodes ?? []).forEach((nodeSpec, n) => {
      for (const [, nodeName] of this.expand([...path, 'nodes', n], nodeSpec.name, nodeSpec.count))
        this.node(rack, nodeSpec, [...path, 'nodes', n], nodeName);
    });
  }

  private power(spec: RackSpec['power'], path: Path): RackPower {
    const supply = (kind: 'busbar' | 'feed', s: SupplySpec) => {
      const props = {
        voltage: this.quantity('voltage', [...path, kind, 'voltage'], s.voltage),
        current: this.quantity('current', [...path, kind, 'current'], s.current),
        ...given({ maxUtilisation: s.maxUtilisation }),
        ...(s.redundancy ? { redundancy: s.redundancy } : {}),
      };
      return this.at([...path, kind], undefined, () =>
        kind === 'busbar' ? RackPower.busbar(props) : RackPower.feed(props),
      );
    };
    if (spec.busbar) return supply('busbar', spec.busbar);
    if (spec.feed) return supply('feed', spec.feed);
    const shelves = spec.shelvesNPlusOne!;
    return this.at([...path, 'shelvesNPlusOne'], undefined, () =>
      RackPower.shelvesNPlusOne({
        count: shelves.count,
        rating: this.quantity('power', [...path, 'shelvesNPlusOne', 'rating'], shelves.rating),
        ...this.optionalQuantity('voltage', [...path, 'shelvesNPlusOne'], 'voltage', shelves.voltage),
        ...given({ maxUtilisation: shelves.maxUtilisation, efficiency: shelves.efficiency }),
      }),
    );
  }

  private cooling(spec: RackSpec['cooling'], path: Path): Cooling {
    if (spec.directLiquid) {
      const d = spec.directLiquid;
      return this.at([...path, 'directLiquid'], undefined, () =>
        Cooling.directLiquid({
          liquidCapacity: this.quantity('power', [...path, 'directLiquid', 'liquidCapacity'], d.liquidCapacity),
          airCapacity: this.quantity('power', [...path, 'directLiquid', 'airCapacity'], d.airCapacity),
          ...(d.coolantClass ? { coolantClass: d.coolantClass } : {}),
          ...(d.airClass ? { airClass: d.airClass } : {}),
          ...(d.cdu ? { cdu: d.cdu } : {}),
          ...this.optionalQuantity('power', [...path, 'directLiquid'], 'cduCapacity', d.cduCapacity),
        }),
      );
    }
    const a = spec.air!;
    return this.at([...path, 'air'], undefined, () =>
      Cooling.air({
        capacity: this.quantity('power', [...path, 'air', 'capacity'], a.capacity),
        ...(a.airClass ? { airClass: a.airClass } : {}),
        ...given({ rearDoorHeatExchanger: a.rearDoorHeatExchanger }),
      }),
    );
  }

  private node(rack: Rack800VDC, spec: NodeSpec, path: Path, name: string): void {
    const common: NodeCommonProps = {
      ...(spec.role ? { role: spec.role } : {}),
      ...(spec.pool ? { pool: spec.pool } : {}),
      ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
      ...this.optionalQuantity('power', path, 'acceleratorPower', spec.acceleratorPower),
      ...this.optionalQuantity('power', path, 'hostPower', spec.hostPower),
      ...this.optionalQuantity('mass', path, 'weight', spec.weight),
      ...(spec.height !== undefined ? { height: RackUnits.of(spec.height) } : {}),
      ...given({ position: spec.position, liquidFraction: spec.liquidFraction }),
      ...(spec.labels ? { labels: spec.labels } : {}),
      ...(spec.deviceAllocation === 'dra' ? { deviceAllocation: DeviceAllocation.DRA } : {}),
    };
    const node = this.at(path, spec.source, () => {
      const count = spec.acceleratorCount;
      switch (spec.type) {
        case 'ascend-950dt-node':
          if (count !== undefined && count !== 8)
            return new AcceleratorNode(rack, name, {
              ...common,
              nodeType: NodeType.ASCEND_950DT_NODE,
              acceleratorCount: count,
            });
          return new Ascend950DTNode(rack, name, common);
        default:
          return new AcceleratorNode(rack, name, {
            ...common,
            nodeType: NodeType.of(spec.type),
            ...given({ acceleratorCount: count }),
          });
      }
    });
    this.suppress(node, spec.suppressions, path);
  }
}

/** The index of copy `i` of an entry: `index` is the first copy's, the others follow it. */
function offset(index: number | undefined, i: number): number | undefined {
  return index === undefined ? undefined : index + i;
}

/** The SuperCluster's link between SuperPoDs; without a latency, the construct's default for the kind. */
function interPodLink(b: SpecBuilder, link: NonNullable<ClusterSpec['superCluster']>['interPodLink']): InterPodLink {
  const path = ['superCluster', 'interPodLink'];
  const props = {
    bandwidthPerNpu: b.quantity('bandwidth', [...path, 'bandwidthPerNpu'], link.bandwidthPerNpu),
    ...b.optionalQuantity('duration', path, 'latency', link.latency),
  };
  return b.at(path, undefined, () => (link.kind === 'uboe' ? InterPodLink.uboe(props) : InterPodLink.roce(props)));
}
