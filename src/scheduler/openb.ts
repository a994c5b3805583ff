import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SuperpodInputError } from '../errors.ts';
import { type AscendSchedulePolicy, isAscendSchedulePolicy } from './ascend.ts';
import { CsvColumns, readCsv } from './csv.ts';
import { MAX_DEVICES_PER_NODE } from './state.ts';
import type { DeviceRules, SimCluster, SimNode, SimPod, Workload } from './types.ts';

/**
 * The Alibaba openb trace (cluster-trace-gpu-v2023) as simulator input: node lists
 * (`sn,cpu_milli,memory_mib,gpu,model`) and pod lists (`name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,
 * qos,pod_phase,creation_time,deletion_time,scheduled_time]`).
 */

/** What the devices of a trace GPU model become in the simulated cluster. */
export interface NodeShape {
  /** Catalogue accelerator the model stands for; null keeps the trace's GPU. */
  readonly acceleratorId: string | null;
  readonly rules: DeviceRules;
  readonly note: string;
}

/** GPU model (the node CSV's `model`) → node shape. Models missing from a table keep plain GPU rules. */
export type NodeShapeTable = Readonly<Record<string, NodeShape>>;

const gpu = (note: string): NodeShape => ({ acceleratorId: null, rules: { kind: 'gpu' }, note });
const ascend = (acceleratorId: string, policy: AscendSchedulePolicy, note: string): NodeShape => ({
  acceleratorId,
  rules: { kind: 'ascend', policy },
  note,
});

/**
 * Default table: every model stays a GPU and any free devices of a node may serve a pod. This is the FGD
 * paper's cluster, so its results are reproduced.
 */
export const GPU_NODE_SHAPES: NodeShapeTable = {
  G2: gpu('undisclosed internal GPU, 8 per node'),
  G3: gpu('undisclosed internal GPU, 8 per node'),
  V100M32: gpu('NVIDIA V100 32 GB'),
  V100M16: gpu('NVIDIA V100 16 GB'),
  T4: gpu('NVIDIA T4'),
  P100: gpu('NVIDIA P100'),
  A10: gpu('NVIDIA A10'),
};

/**
 * The trace's node shapes recast as Ascend nodes (k8s-scheduling.md §5: "G2×8 → 910B×8"): training-class
 * 8-GPU servers become Atlas 800T A2 (`chip8-node8`) or Atlas 950 SuperPoD nodes, inference cards become
 * Atlas 350 card servers (`chip1-node8`). Pods then follow the Volcano Ascend rules (§1.9).
 */
export const ASCEND_NODE_SHAPES: NodeShapeTable = {
  G2: ascend('ascend-910b', 'chip8-node8', 'Atlas 800T A2, one 8-chip domain'),
  G3: ascend('ascend-950dt', 'chip8-node8-ra64-sp', 'Atlas 950 SuperPoD node, 8-NPU UB mesh'),
  V100M32: ascend('ascend-910b', 'chip8-node8', 'Atlas 800T A2'),
  V100M16: ascend('ascend-910b', 'chip8-node8', 'Atlas 800T A2'),
  T4: ascend('atlas-350', 'chip1-node8', 'Atlas 350 card server'),
  P100: ascend('atlas-350', 'chip1-node8', 'Atlas 350 card server'),
  A10: ascend('atlas-350', 'chip1-node8', 'Atlas 350 card server'),
};

export const NODE_SHAPE_TABLES: Readonly<Record<string, NodeShapeTable>> = {
  gpu: GPU_NODE_SHAPES,
  ascend: ASCEND_NODE_SHAPES,
};

/**
 * A shape table by built-in name (`gpu`, `ascend`) or from a JSON file mapping models to
 * `{ "accelerator": "ascend-910b", "schedulePolicy": "chip8-node8" }` (`schedulePolicy` absent = GPU rules).
 * Entries of the file override the default GPU table.
 */
export function loadNodeShapes(nameOrFile: string): NodeShapeTable {
  const builtIn = NODE_SHAPE_TABLES[nameOrFile];
  if (builtIn) return builtIn;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(nameOrFile, 'utf8'));
  } catch (error) {
    throw new SuperpodInputError({
      where: nameOrFile,
      problem: `not a built-in shape table and not a readable JSON file (${(error as Error).message.split('\n')[0]})`,
      fix: `use ${Object.keys(NODE_SHAPE_TABLES).join(' or ')}, or a JSON object {"G2": {"accelerator": "ascend-910b", "schedulePolicy": "chip8-node8"}}`,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SuperpodInputError({
      where: nameOrFile,
      problem: 'the shape table must be a JSON object from GPU model to shape',
      value: parsed,
      fix: 'write {"G2": {"accelerator": "ascend-910b", "schedulePolicy": "chip8-node8"}}',
    });
  }
  const table: Record<string, NodeShape> = { ...GPU_NODE_SHAPES };
  for (const [model, raw] of Object.entries(parsed)) {
    const entry = (raw ?? {}) as { accelerator?: unknown; schedulePolicy?: unknown };
    const policy = entry.schedulePolicy;
    if (policy !== undefined && (typeof policy !== 'string' || !isAscendSchedulePolicy(policy))) {
      throw new SuperpodInputError({
        where: `${nameOrFile}: ${model}.schedulePolicy`,
        problem: 'unknown Ascend schedule policy',
        value: policy,
        fix: 'use chip4-node8, chip8-node8, chip8-node16, chip2-node16, chip1-node8, chip8-node8-sp or chip8-node8-ra64-sp',
      });
    }
    const acceleratorId = typeof entry.accelerator === 'string' ? entry.accelerator : null;
    table[model] =
      policy === undefined
        ? { ...gpu(`mapped from ${nameOrFile}`), acceleratorId }
        : ascend(acceleratorId ?? model, policy, `mapped from ${nameOrFile}`);
  }
  return table;
}

export interface OpenbNodeOptions {
  readonly shapes?: NodeShapeTable;
}

/** An openb node list as a cluster: no rack topology, ties broken by a per-seed node order (as the paper). */
export function loadOpenbNodes(file: string, options: OpenbNodeOptions = {}, text?: string): SimCluster {
  const table = readCsv(file, text);
  const cols = new CsvColumns(table, ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'], 'an openb node list');
  const shapes = options.shapes ?? GPU_NODE_SHAPES;
  const names = new Set<string>();
  const nodes: SimNode[] = table.rows.map((row, i) => {
    const name = cols.text(row, 'sn');
    if (name === '') {
      throw new SuperpodInputError({
        where: cols.where(row),
        problem: 'column "sn" (node name) is empty',
        fix: 'give every node a name',
      });
    }
    if (names.has(name)) {
      throw new SuperpodInputError({
        where: cols.where(row),
        problem: 'column "sn": duplicate node name',
        value: name,
        fix: 'give every node a unique name',
      });
    }
    names.add(name);
    const devices = cols.integer(row, 'gpu', 0, MAX_DEVICES_PER_NODE);
    const model = cols.text(row, 'model');
    const shape = shapes[model];
    return {
      name,
      model,
      acceleratorId: shape?.acceleratorId ?? null,
      devices,
      cpuMilli: cols.integer(row, 'cpu_milli', 0),
      memoryMiB: cols.integer(row, 'memory_mib', 0),
      maxPods: 1001,
      pool: null,
      superPod: -1,
      rack: -1,
      slot: i,
      rules: shape?.rules ?? { kind: 'gpu' },
      source: cols.where(row),
    };
  });
  return { name: basename(file), nodes, racks: [], superPods: [], levels: null, tieBreak: 'seeded' };
}

const QOS_PRIORITY: Readonly<Record<string, number>> = { LS: 2, Guaranteed: 2, Burstable: 1, BE: 0 };

/** An openb pod list as a workload of lone pods (no gangs). */
export function loadOpenbPods(file: string, text?: string): Workload {
  const table = readCsv(file, text);
  const cols = new CsvColumns(table, ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'], 'an openb pod list');
  const pods: SimPod[] = table.rows.map((row) => {
    const devices = cols.integer(row, 'num_gpu', 0, MAX_DEVICES_PER_NODE);
    const rawMilli = cols.integer(row, 'gpu_milli', 0, 1000);
    if (devices > 0 && rawMilli === 0) {
      throw new SuperpodInputError({
        where: cols.where(row),
        problem: 'column "gpu_milli" is 0 but num_gpu asks for devices',
        value: rawMilli,
        fix: 'set gpu_milli to the share of each device (1..1000), or num_gpu to 0',
      });
    }
    if (devices > 1 && rawMilli < 1000) {
      throw new SuperpodInputError({
        where: cols.where(row),
        problem: 'column "gpu_milli": a share of a device (below 1000) is only possible with num_gpu 1',
        value: rawMilli,
        fix: 'use gpu_milli 1000 for multi-device pods',
      });
    }
    const spec = cols.text(row, 'gpu_spec');
    const created = cols.has('creation_time') ? cols.integer(row, 'creation_time', 0, Number.MAX_SAFE_INTEGER, 0) : 0;
    const deleted = cols.has('deletion_time') ? cols.integer(row, 'deletion_time', 0, Number.MAX_SAFE_INTEGER, -1) : -1;
    const scheduled = cols.has('scheduled_time')
      ? cols.integer(row, 'scheduled_time', 0, Number.MAX_SAFE_INTEGER, -1)
      : -1;
    const started = scheduled >= 0 ? scheduled : created;
    return {
      name: cols.text(row, 'name'),
      cpuMilli: cols.integer(row, 'cpu_milli', 0),
      memoryMiB: cols.integer(row, 'memory_mib', 0),
      devices,
      milli: devices > 0 ? rawMilli : 0,
      models: devices > 0 && spec !== '' ? spec.split('|').map((s) => s.trim()) : null,
      pool: null,
      priority: QOS_PRIORITY[cols.text(row, 'qos')] ?? 0,
      arrival: created,
      duration: deleted >= 0 ? Math.max(1, deleted - started) : Number.POSITIVE_INFINITY,
      gang: -1,
      source: cols.where(row),
    };
  });
  return { name: basename(file), pods, gangs: [] };
}
