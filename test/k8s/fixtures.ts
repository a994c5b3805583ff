import {
  Ascend950DTNode,
  Atlas350Server,
  DeviceAllocation,
  Duration,
  InferenceService,
  type InferenceServiceProps,
  Model,
  Power,
  RackUnits,
  SuperPod,
  TrainingJob,
  type TrainingJobProps,
} from '../../constructs/index.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { liquidRack, testStack } from '../helpers/fixtures.ts';

export const IMAGE = 'registry.example.com/serving/mindie:2.1.0';

/**
 * A disaggregated slice: 2 Atlas 350 servers (pool `pr`, DRA) in one rack, and a rack of 8 Ascend 950DT nodes
 * (pool `dt`, device plugin) - one UB level-Y domain of 64 NPUs.
 */
export function pdSlice(opts: { scheduler?: 'volcano' | 'default'; prefillAllocation?: DeviceAllocation } = {}) {
  const stack = testStack('pd', { scheduler: opts.scheduler ?? 'volcano' });
  const pod = new SuperPod(stack, 'pod-a');
  const prefillRack = liquidRack(pod, 'pr-rack');
  for (let i = 0; i < 2; i++)
    new Atlas350Server(prefillRack, `pr-${i}`, {
      role: 'prefill',
      pool: 'pr',
      height: RackUnits.of(4),
      deviceAllocation: opts.prefillAllocation ?? DeviceAllocation.DRA,
    });
  const decodeRack = liquidRack(pod, 'dt-rack');
  for (let i = 0; i < 8; i++)
    new Ascend950DTNode(decodeRack, `dt-${i}`, {
      role: 'decode',
      pool: 'dt',
      acceleratorPower: Power.watts(900),
      hostPower: Power.kilowatts(1.6),
      height: RackUnits.of(4),
    });
  return { stack, pod, prefillRack, decodeRack };
}

export function serviceProps(overrides: Partial<InferenceServiceProps> = {}): InferenceServiceProps {
  return {
    model: Model.DEEPSEEK_V3,
    prefill: { pool: 'pr', replicas: 2, parallelism: { tp: 4, dp: 2, ep: 8 } },
    decode: { pool: 'dt', replicas: 1, parallelism: { dp: 64, ep: 64 } },
    slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) },
    traffic: { requestsPerSecond: 4, inputTokens: 4096, outputTokens: 1024 },
    namespace: 'inference',
    queue: 'serving',
    container: { image: IMAGE },
    ...overrides,
  };
}

export function jobProps(overrides: Partial<TrainingJobProps> = {}): TrainingJobProps {
  return {
    pool: 'dt',
    replicas: 8,
    raBlock: 64,
    namespace: 'training',
    queue: 'training',
    container: { image: 'registry.example.com/training/mindspeed:2.1.0' },
    ...overrides,
  };
}

export { InferenceService, TrainingJob };

/** Every object of a stack's synthesis, in apply order. */
export function objectsOf(stack: ReturnType<typeof testStack>): KubeObject[] {
  return allObjects(synthesizeKubernetes(stack.inventory()));
}

/** A synthesised object read in a test, navigated without types. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk deep into synthesised objects and assert on the values
export type Loose = Record<string, any>;

export function find(objects: readonly KubeObject[], kind: string, name: string): Loose {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found as Loose;
}
