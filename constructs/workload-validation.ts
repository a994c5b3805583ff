import type { Construct } from 'constructs';
import { getModel } from '../src/catalog/index.ts';
import { BITS_PER_ELEMENT, type Precision } from '../src/catalog/types.ts';
import { SuperpodInputError } from '../src/errors.ts';
import type { ParallelismInfo, WorkloadContainerInfo } from '../src/inventory/types.ts';
import { Duration, Memory } from '../src/units/index.ts';
import { fail, requireDnsLabel, requireUnit, requireWholeNumber, toDnsLabel } from './validation.ts';
import { Model, type ParallelismProps, type WorkloadContainerProps } from './workload.ts';

/** Longest workload name: object names add `-prefill`/`-decode` and LeaderWorkerSet pods add `-<group>-<index>`. */
const MAX_NAME = 40;
const PRECISIONS = Object.keys(BITS_PER_ELEMENT) as Precision[];

export function requireModel(scope: Construct, model: unknown) {
  if (!(model instanceof Model))
    fail(scope, 'model must be a Model', model, 'pass for example model: Model.DEEPSEEK_V3 or Model.of("qwen3-32b")');
  try {
    return getModel(model.id);
  } catch (error) {
    if (SuperpodInputError.is(error)) fail(scope, error.problem, error.value, error.fix);
    throw error;
  }
}

/**
 * Checks that a workload's props are an object (`expected` names the props to pass) and returns the name of its
 * Kubernetes objects: `props.name`, or the construct id as a DNS label.
 */
export function workloadNameOf(
  scope: Construct & { readonly node: { readonly id: string } },
  props: unknown,
  expected: string,
): string {
  if (!props || typeof props !== 'object') fail(scope, 'props are required', props, `pass ${expected}`);
  const name = (props as { name?: string }).name;
  return workloadName(scope, name ?? toDnsLabel(scope.node.id));
}

function workloadName(scope: Construct, raw: string): string {
  const name = requireDnsLabel(scope, 'name', raw);
  if (name.length > MAX_NAME)
    fail(
      scope,
      `name must be at most ${MAX_NAME} characters: object and pod names are built from it`,
      name,
      `pass a shorter name such as "${name.slice(0, MAX_NAME).replace(/-+$/, '')}"`,
    );
  return name;
}

export function requirePrecision(scope: Construct, prop: string, value: unknown): Precision {
  if (typeof value !== 'string' || !PRECISIONS.includes(value as Precision))
    fail(scope, `${prop} is not a known precision`, value, `use one of ${PRECISIONS.join(', ')}`);
  return value as Precision;
}

export function parallelism(scope: Construct, prop: string, value: ParallelismProps | undefined): ParallelismInfo {
  if (!value || typeof value !== 'object') fail(scope, `${prop} is required`, value, `pass ${prop}: { tp: 8 }`);
  const dim = (key: keyof ParallelismProps) => requireWholeNumber(scope, `${prop}.${key}`, value[key] ?? 1, 1, 65_536);
  const out = { tp: dim('tp'), pp: dim('pp'), ep: dim('ep'), dp: dim('dp') };
  if ((out.tp * out.dp) % out.ep !== 0)
    fail(
      scope,
      `${prop}.ep must divide tp x dp (${out.tp * out.dp}): experts are spread over the ranks of a stage`,
      out.ep,
      `use one of ${divisorsOf(out.tp * out.dp, 1).join(', ')}`,
    );
  return out;
}

export function containerInfo(
  scope: Construct,
  value: WorkloadContainerProps | undefined,
  serving: boolean,
): WorkloadContainerInfo {
  if (
    !value ||
    typeof value !== 'object' ||
    typeof value.image !== 'string' ||
    value.image.trim() === '' ||
    /\s/.test(value.image)
  )
    fail(
      scope,
      'container.image is required',
      value?.image,
      "pass container: { image: 'registry.example.com/serving/mindie:2.1.0' }",
    );
  const strings = (prop: string, list: readonly string[] | undefined) => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
      fail(scope, `container.${prop} must be a list of strings`, list, `pass ${prop}: ['--flag', 'value']`);
    return [...list];
  };
  const env = value.env ?? {};
  for (const [key, v] of Object.entries(env)) {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key) || typeof v !== 'string')
      fail(
        scope,
        `container.env "${key}" is not a valid environment variable`,
        v,
        'use names of letters, digits, "_", "-" or "." with string values',
      );
  }
  const memory = (prop: string, m: Memory | undefined) =>
    m === undefined ? undefined : requireUnit(scope, `container.${prop}`, m, Memory, 'Memory.gibibytes(512)').toBytes();
  const command = strings('command', value.command);
  const args = strings('args', value.args);
  const cpu = value.cpu === undefined ? undefined : requireWholeNumber(scope, 'container.cpu', value.cpu, 1, 4096);
  const memoryPerPodBytes = memory('memory', value.memory);
  const sharedMemoryBytes = memory('sharedMemory', value.sharedMemory);
  const info: WorkloadContainerInfo = {
    image: value.image,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(Object.keys(env).length > 0 ? { env: { ...env } } : {}),
    ...(cpu === undefined ? {} : { cpuPerPod: cpu }),
    ...(memoryPerPodBytes === undefined ? {} : { memoryPerPodBytes }),
    ...(sharedMemoryBytes === undefined ? {} : { sharedMemoryBytes }),
  };
  if (!serving) return info;
  const healthPath = value.healthPath ?? '/health';
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/'))
    fail(scope, 'container.healthPath must be an absolute HTTP path', healthPath, "pass healthPath: '/health'");
  const startup =
    value.startupTimeout === undefined
      ? 1800
      : requireUnit(
          scope,
          'container.startupTimeout',
          value.startupTimeout,
          Duration,
          'Duration.minutes(30)',
        ).toSeconds();
  if (startup < 10)
    fail(
      scope,
      'container.startupTimeout must be at least 10 seconds',
      startup,
      'allow for the weights to load, e.g. Duration.minutes(30)',
    );
  return {
    ...info,
    port: requireWholeNumber(scope, 'container.port', value.port ?? 8000, 1, 65_535),
    healthPath,
    startupTimeoutS: startup,
  };
}

export function divisorsOf(total: number, unit: number): number[] {
  const out: number[] = [];
  for (let d = unit; d <= total && out.length < 8; d += unit) if (total % d === 0) out.push(d);
  return out;
}
