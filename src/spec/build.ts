import type { Construct } from 'constructs';
import { Cooling } from '../../constructs/cooling.ts';
import { InterPodLink, UnifiedBusFabric } from '../../constructs/fabric.ts';
import {
  AcceleratorNode,
  Ascend950DTNode,
  Atlas350Server,
  DeviceAllocation,
  type NodeCommonProps,
  NodeType,
} from '../../constructs/nodes.ts';
import { RackPower } from '../../constructs/power.ts';
import { Rack800VDC } from '../../constructs/rack.ts';
import { SuperCluster, SuperPod } from '../../constructs/superpod.ts';
import { Suppressions } from '../../constructs/suppressions.ts';
import { InferenceService, Model, TrainingJob, type WorkloadContainerProps } from '../../constructs/workloads.ts';
import type { Precision } from '../catalog/types.ts';
import { SuperpodInputError } from '../errors.ts';
import { type SourceLocation, withSourceLocation } from '../source-location.ts';
import type { TerraformApp } from '../terraform/app.ts';
import { SuperPodStack } from '../terraform/superpod-stack.ts';
import { type Duration, RackUnits } from '../units/index.ts';
import type { SpecDocument } from './document.ts';
import { parseQuantityAmount, type QuantityKind, type QuantityOf, toValueObject } from './quantities.ts';
import type {
  ClusterSpec,
  ContainerSpec,
  NodeSpec,
  RackSpec,
  ServingPoolSpec,
  SuperPodSpec,
  SupplySpec,
  SuppressionSpec,
  WorkloadSpec,
} from './types.ts';

type Path = ReadonlyArray<string | number>;

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
          interPodLink:
            sc.interPodLink.kind === 'uboe'
              ? InterPodLink.uboe({
                  bandwidthPerNpu: b.quantity(
                    'bandwidth',
                    ['superCluster', 'interPodLink', 'bandwidthPerNpu'],
                    sc.interPodLink.bandwidthPerNpu,
                  ),
                  ...latencyOf(b, sc.interPodLink.latency, ['superCluster', 'interPodLink', 'latency']),
                })
              : InterPodLink.roce({
                  bandwidthPerNpu: b.quantity(
                    'bandwidth',
                    ['superCluster', 'interPodLink', 'bandwidthPerNpu'],
                    sc.interPodLink.bandwidthPerNpu,
                  ),
                  ...latencyOf(b, sc.interPodLink.latency, ['superCluster', 'interPodLink', 'latency']),
                }),
        }),
    );
  }
  spec.superPods.forEach((podSpec, p) => {
    for (const [i, name] of b.expand(['superPods', p], podSpec.name, podSpec.count))
      b.superPod(parent, podSpec, ['superPods', p], name, podSpec.count ? undefined : podSpec.index, i);
  });
  (spec.workloads ?? []).forEach((workload, w) => {
    b.workload(stack, workload, ['workloads', w]);
  });
  return stack;
}

class Builder {
  constructor(private readonly doc: SpecDocument) {}

  /** Runs `build` located at the spec entry `path`; input errors are re-thrown at that file:line:column. */
  at<T>(path: Path, source: string | undefined, build: () => T): T {
    const where = this.doc.locate(path);
    try {
      return withSourceLocation(parseLocation(source ?? where), build);
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      if (error.where.startsWith(`${this.doc.file}:`)) throw error;
      throw new SuperpodInputError({
        where,
        problem: `${error.where}: ${error.problem}`,
        value: error.value,
        fix: error.fix,
      });
    }
  }

  quantity<K extends QuantityKind>(kind: K, path: Path, text: string): QuantityOf<K> {
    const amount = parseQuantityAmount(kind, text);
    if (amount === undefined) {
      throw new SuperpodInputError({
        where: this.doc.locate(path),
        problem: `not a ${kind}`,
        value: text,
        fix: 'write a number with a unit, see `superpod spec schema`',
      });
    }
    return this.at(path, undefined, () => toValueObject(kind, amount));
  }

  /** Expands `count` copies of an entry: names with `{i}` become name-0, name-1, ... */
  expand(path: Path, name: string, count: number | undefined): Array<[number, string]> {
    const templated = name.includes('{i}');
    if (count === undefined) {
      if (templated)
        throw new SuperpodInputError({
          where: this.doc.locate(path, 'name'),
          problem: 'a name with {i} needs count',
          value: name,
          fix: 'add count: N, or remove {i} from the name',
        });
      return [[0, name]];
    }
    if (!templated)
      throw new SuperpodInputError({
        where: this.doc.locate(path, 'count'),
        problem: 'repeated entries need {i} in their name to stay unique',
        value: name,
        fix: `name them like "${name}-{i}"`,
      });
    return Array.from({ length: count }, (_, i) => [i, name.replaceAll('{i}', String(i))]);
  }

  superPod(
    parent: Construct,
    spec: SuperPodSpec,
    path: Path,
    name: string,
    index: number | undefined,
    _i: number,
  ): void {
    const pod = this.at(
      path,
      spec.source,
      () =>
        new SuperPod(parent, name, {
          ...(spec.fabric === undefined || spec.fabric === 'atlas950'
            ? {}
            : { fabric: this.fabric(spec.fabric, [...path, 'fabric']) }),
          ...(index !== undefined ? { index } : {}),
          ...(spec.labelName ? { name: spec.labelName } : {}),
          ...(spec.pue !== undefined ? { pue: spec.pue } : {}),
          ...(spec.facilityPowerBudget
            ? {
                facilityPowerBudget: this.quantity('power', [...path, 'facilityPowerBudget'], spec.facilityPowerBudget),
              }
            : {}),
        }),
    );
    this.suppress(pod, spec.suppressions, path);
    spec.racks.forEach((rackSpec, r) => {
      for (const [, rackName] of this.expand([...path, 'racks', r], rackSpec.name, rackSpec.count)) {
        this.rack(pod, rackSpec, [...path, 'racks', r], rackName, rackSpec.count ? undefined : rackSpec.index);
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
          ...(spec.weightLimit
            ? { weightLimit: this.quantity('mass', [...path, 'weightLimit'], spec.weightLimit) }
            : {}),
          ...(index !== undefined ? { index } : {}),
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
        ...(s.maxUtilisation !== undefined ? { maxUtilisation: s.maxUtilisation } : {}),
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
        ...(shelves.voltage
          ? { voltage: this.quantity('voltage', [...path, 'shelvesNPlusOne', 'voltage'], shelves.voltage) }
          : {}),
        ...(shelves.maxUtilisation !== undefined ? { maxUtilisation: shelves.maxUtilisation } : {}),
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
          ...(d.cduCapacity
            ? { cduCapacity: this.quantity('power', [...path, 'directLiquid', 'cduCapacity'], d.cduCapacity) }
            : {}),
        }),
      );
    }
    const a = spec.air!;
    return this.at([...path, 'air'], undefined, () =>
      Cooling.air({
        capacity: this.quantity('power', [...path, 'air', 'capacity'], a.capacity),
        ...(a.airClass ? { airClass: a.airClass } : {}),
      }),
    );
  }

  private node(rack: Rack800VDC, spec: NodeSpec, path: Path, name: string): void {
    const common: NodeCommonProps = {
      ...(spec.role ? { role: spec.role } : {}),
      ...(spec.pool ? { pool: spec.pool } : {}),
      ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
      ...(spec.acceleratorPower
        ? { acceleratorPower: this.quantity('power', [...path, 'acceleratorPower'], spec.acceleratorPower) }
        : {}),
      ...(spec.hostPower ? { hostPower: this.quantity('power', [...path, 'hostPower'], spec.hostPower) } : {}),
      ...(spec.weight ? { weight: this.quantity('mass', [...path, 'weight'], spec.weight) } : {}),
      ...(spec.height !== undefined ? { height: RackUnits.of(spec.height) } : {}),
      ...(spec.position !== undefined ? { position: spec.position } : {}),
      ...(spec.liquidFraction !== undefined ? { liquidFraction: spec.liquidFraction } : {}),
      ...(spec.labels ? { labels: spec.labels } : {}),
      ...(spec.deviceAllocation === 'dra' ? { deviceAllocation: DeviceAllocation.DRA } : {}),
    };
    const node = this.at(path, spec.source, () => {
      const count = spec.acceleratorCount;
      switch (spec.type) {
        case 'atlas-350-server':
          return new Atlas350Server(rack, name, { ...common, ...(count !== undefined ? { cards: count } : {}) });
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
            ...(count !== undefined ? { acceleratorCount: count } : {}),
          });
      }
    });
    this.suppress(node, spec.suppressions, path);
  }

  workload(stack: SuperPodStack, spec: WorkloadSpec, path: Path): void {
    const container = this.container(spec.container, [...path, 'container']);
    const common = {
      ...(spec.labelName ? { name: spec.labelName } : {}),
      ...(spec.namespace ? { namespace: spec.namespace } : {}),
      ...(spec.queue ? { queue: spec.queue } : {}),
      container,
    };
    const construct = this.at(path, spec.source, () => {
      if (spec.kind === 'InferenceService') {
        const pool = (p: ServingPoolSpec) => ({
          pool: p.pool,
          replicas: p.replicas,
          parallelism: { ...p.parallelism },
          ...(p.maxBatch !== undefined ? { maxBatch: p.maxBatch } : {}),
        });
        const precision = spec.precision
          ? {
              ...(spec.precision.weights ? { weights: spec.precision.weights as Precision } : {}),
              ...(spec.precision.activations ? { activations: spec.precision.activations as Precision } : {}),
              ...(spec.precision.kvCache ? { kvCache: spec.precision.kvCache as Precision } : {}),
            }
          : undefined;
        return new InferenceService(stack, spec.name, {
          ...common,
          model: Model.of(spec.model),
          ...(precision ? { precision } : {}),
          ...(spec.prefill ? { prefill: pool(spec.prefill) } : {}),
          decode: pool(spec.decode),
          slo: {
            timeToFirstToken: this.quantity(
              'duration',
              [...path, 'slo', 'timeToFirstToken'],
              spec.slo.timeToFirstToken,
            ),
            timePerOutputToken: this.quantity(
              'duration',
              [...path, 'slo', 'timePerOutputToken'],
              spec.slo.timePerOutputToken,
            ),
          },
          traffic: { ...spec.traffic },
        });
      }
      return new TrainingJob(stack, spec.name, {
        ...common,
        pool: spec.pool,
        replicas: spec.replicas,
        ...(spec.npusPerPod !== undefined ? { npusPerPod: spec.npusPerPod } : {}),
        ...(spec.model ? { model: Model.of(spec.model) } : {}),
        ...(spec.parallelism ? { parallelism: { ...spec.parallelism } } : {}),
        ...(spec.raBlock !== undefined ? { raBlock: spec.raBlock } : {}),
        ...(spec.spBlock !== undefined ? { spBlock: spec.spBlock } : {}),
      });
    });
    this.suppress(construct, spec.suppressions, path);
  }

  private container(spec: ContainerSpec, path: Path): WorkloadContainerProps {
    return {
      image: spec.image,
      ...(spec.command ? { command: [...spec.command] } : {}),
      ...(spec.args ? { args: [...spec.args] } : {}),
      ...(spec.env ? { env: { ...spec.env } } : {}),
      ...(spec.cpu !== undefined ? { cpu: spec.cpu } : {}),
      ...(spec.memory ? { memory: this.quantity('memory', [...path, 'memory'], spec.memory) } : {}),
      ...(spec.sharedMemory
        ? { sharedMemory: this.quantity('memory', [...path, 'sharedMemory'], spec.sharedMemory) }
        : {}),
      ...(spec.port !== undefined ? { port: spec.port } : {}),
      ...(spec.healthPath !== undefined ? { healthPath: spec.healthPath } : {}),
      ...(spec.startupTimeout
        ? { startupTimeout: this.quantity('duration', [...path, 'startupTimeout'], spec.startupTimeout) }
        : {}),
    };
  }

  private suppress(scope: Construct, suppressions: readonly SuppressionSpec[] | undefined, path: Path): void {
    (suppressions ?? []).forEach((s, k) => {
      this.at([...path, 'suppressions', k], undefined, () => Suppressions.of(scope).add(s.rule, s.reason));
    });
  }
}

function parseLocation(text: string): SourceLocation {
  const match = /^(.*):(\d+):(\d+)$/.exec(text);
  return match
    ? { file: match[1]!, line: Number(match[2]), column: Number(match[3]) }
    : { file: text, line: 1, column: 1 };
}

/** The inter-pod link's latency prop when the spec gives one (the construct has a default). */
function latencyOf(b: Builder, text: string | undefined, path: Path): { latency?: Duration } {
  return text ? { latency: b.quantity('duration', path, text) } : {};
}
