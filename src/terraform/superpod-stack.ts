import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { SuperpodInputError } from '../errors.ts';
import { inventoryFromTree } from '../inventory/from-tree.ts';
import { isDnsLabel, toDnsLabel } from '../inventory/names.ts';
import { assertNodesFitRacks } from '../inventory/placement.ts';
import type { Inventory } from '../inventory/types.ts';
import { DEFAULT_RESOURCE_SLICES } from '../k8s/dra.ts';
import {
  DEFAULT_VOLCANO_NPU_PLUGIN,
  DEVICE_PLUGIN_IMAGE,
  type ImageParts,
  imageReference,
} from '../k8s/mindcluster-release.ts';
import type { ManifestStage } from '../k8s/object.ts';
import { type KubeObject, objectKey } from '../k8s/object.ts';
import { type KubernetesOutput, synthesizeKubernetes } from '../k8s/synthesize.ts';
import {
  KubernetesManifest,
  KubernetesManifestSet,
  KubernetesNodeLabels,
  KubernetesProvider,
} from './kubernetes-provider.ts';

const STACK = Symbol.for('superpod.SuperPodStack');
const DATA_FILES = Symbol.for('superpod.terraformDataFiles');

/** JSON files a stack writes next to its `cdk.tf.json` (the `for_each` data), by file name. */
export function terraformDataFiles(stack: unknown): ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined {
  return typeof stack === 'object' && stack !== null
    ? ((stack as Record<symbol, Map<string, Record<string, unknown>>>)[DATA_FILES] ?? undefined)
    : undefined;
}

/** A map as JSON with one entry per line: compact, yet a change to one node is a one-line diff. */
export function dataFileJson(data: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(data).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return entries.length === 0 ? '{}\n' : `{\n${entries.join(',\n')}\n}\n`;
}

export interface SuperPodStackProps {
  /**
   * Who schedules NPU pods: `volcano` (MindCluster's ascend-for-volcano plugin; the device plugin runs with
   * `-volcanoType=true`) or the `default` kube-scheduler.
   * @default 'volcano'
   */
  readonly scheduler?: 'volcano' | 'default';
  /** Namespace of the device plugins. @default 'kube-system' */
  readonly devicePluginNamespace?: string;
  /**
   * Ascend device plugin image: a full reference, or the registry, repository and tag to change (each defaults to the
   * released MindCluster image). Keep the tag at the version of the Volcano NPU plugin.
   * @default 'swr.cn-south-1.myhuaweicloud.com/ascendhub/ascend-k8sdeviceplugin:v26.1.0'
   */
  readonly devicePluginImage?: string | Partial<ImageParts>;
  /**
   * The Ascend NPU plugin's name in the Volcano scheduler ConfigMap, as the installed ascend-for-volcano registers it.
   * @default 'volcano-npu_v26.1.0'
   */
  readonly volcanoNpuPlugin?: string;
  /**
   * Who publishes the ResourceSlices of the DRA pools (docs/dra.md). `superpod`: superpod writes one pool per node
   * under the driver name `npu.huawei.com`, with its topology attributes (`superpod.dev/ubRack`, `ubNode`, `ubGroup`),
   * and the DeviceClasses select its `superpod.dev/accelerator`; for planning, `check` and clusters where the Ascend
   * DRA driver's kubelet plugin does not run. `driver`: the driver publishes (the DRA convention), superpod writes no
   * ResourceSlice, the DeviceClasses select the driver's `deviceType` and the pods' node affinity picks the pool;
   * use it wherever the driver runs, since two writers of one pool fight.
   * @default 'superpod'
   */
  readonly resourceSlices?: 'driver' | 'superpod';
  /** Kubeconfig path for the Terraform provider. @default - the provider's default */
  readonly kubeconfigPath?: string;
  /** Kubeconfig context for the Terraform provider. @default - the current context */
  readonly kubeContext?: string;
}

/**
 * A cdktf stack that holds SuperPoDs and synthesises them: the Inventory, the Kubernetes objects as
 * `kubernetes_manifest` resources, node labels as `kubernetes_labels`, and (through superpod's `App`) the same objects
 * as YAML under `manifests/`.
 *
 * It is the *platform* stack (built-in kinds only, plannable on a bare cluster). Its sibling `<id>-workloads`
 * (`workloadsStack`) holds the custom resources (Volcano, LeaderWorkerSet) and the workloads, and depends on it:
 * `kubernetes_manifest` reads a kind's schema at plan time, so a CR can only be planned once its CRD exists.
 */
export class SuperPodStack extends TerraformStack {
  /** Whether `x` is a `SuperPodStack` (works across copies of the library). */
  static isSuperPodStack(x: unknown): x is SuperPodStack {
    return typeof x === 'object' && x !== null && STACK in x;
  }
  private readonly settings: Inventory['kubernetes'];
  private readonly providerConfig: { configPath?: string; configContext?: string };
  private synthesized: { inventory: Inventory; kubernetes: KubernetesOutput } | undefined;
  /** The sibling stack that plans the custom resources and workloads after this one. */
  readonly workloadsStack: SuperPodWorkloadsStack;

  constructor(scope: Construct, id: string, props: SuperPodStackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK, { value: true });
    // The id names the output folder stacks/<id>/: a DNS label keeps it inside the output directory.
    if (!isDnsLabel(id)) {
      throw new SuperpodInputError({
        where: this.node.path || id,
        problem: 'a stack id must be a DNS-1123 label (it names the output folder)',
        value: id,
        fix: `use an id like "${toDnsLabel(id) || 'pd-slice'}"`,
      });
    }
    const scheduler = props.scheduler ?? 'volcano';
    if (
      props.resourceSlices !== undefined &&
      props.resourceSlices !== 'driver' &&
      props.resourceSlices !== 'superpod'
    ) {
      throw new SuperpodInputError({
        where: this.node.path,
        problem: 'unknown ResourceSlice publisher',
        value: props.resourceSlices,
        fix: "use 'driver' (the Ascend DRA driver publishes) or 'superpod'",
      });
    }
    if (scheduler !== 'volcano' && scheduler !== 'default') {
      throw new SuperpodInputError({
        where: this.node.path,
        problem: 'unknown scheduler',
        value: scheduler,
        fix: "use 'volcano' or 'default'",
      });
    }
    this.settings = {
      scheduler,
      devicePluginNamespace: props.devicePluginNamespace ?? 'kube-system',
      devicePluginImage:
        typeof props.devicePluginImage === 'string'
          ? props.devicePluginImage
          : imageReference({ ...DEVICE_PLUGIN_IMAGE, ...props.devicePluginImage }),
      volcanoNpuPlugin: props.volcanoNpuPlugin ?? DEFAULT_VOLCANO_NPU_PLUGIN,
      resourceSlices: props.resourceSlices ?? DEFAULT_RESOURCE_SLICES,
    };
    this.providerConfig = {
      ...(props.kubeconfigPath ? { configPath: props.kubeconfigPath } : {}),
      ...(props.kubeContext ? { configContext: props.kubeContext } : {}),
    };
    // A relative state path: cdktf's default backend writes an absolute one, which would differ per checkout.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.workloadsStack = new SuperPodWorkloadsStack(scope, `${id}-workloads`, this);
  }

  /** @internal The Terraform provider settings both stacks use. */
  get kubernetesProviderConfig(): { configPath?: string; configContext?: string } {
    return this.providerConfig;
  }

  /** The Inventory of everything in this stack, built fresh from the construct tree. */
  inventory(): Inventory {
    return inventoryFromTree(this, { stack: this.node.id, kubernetes: this.settings });
  }

  /**
   * The Inventory and Kubernetes output this stack synthesised (computed once, at the first call). Unlike
   * `inventory()`, it refuses a cluster that cannot be deployed (a node past the top of its rack).
   */
  synthesis(): { inventory: Inventory; kubernetes: KubernetesOutput } {
    if (!this.synthesized) {
      const inventory = this.inventory();
      assertNodesFitRacks(inventory);
      this.synthesized = { inventory, kubernetes: synthesizeKubernetes(inventory) };
    }
    return this.synthesized;
  }

  /** Adds the provider and the platform objects (built-in kinds) before cdktf synthesises the stack. */
  override prepareStack(): void {
    if (!this.node.tryFindChild('kubernetes')) addKubernetesResources(this, this, 'platform');
    super.prepareStack();
  }
}

/** The second stack of a SuperPodStack: Volcano and LeaderWorkerSet custom resources, then the workloads. */
export class SuperPodWorkloadsStack extends TerraformStack {
  constructor(
    scope: Construct,
    id: string,
    readonly platform: SuperPodStack,
  ) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.addDependency(platform);
  }

  /** Adds the provider, the custom resources and the workloads before cdktf synthesises the stack. */
  override prepareStack(): void {
    if (!this.node.tryFindChild('kubernetes')) addKubernetesResources(this, this.platform, 'workloads');
    super.prepareStack();
  }
}

function addKubernetesResources(stack: TerraformStack, source: SuperPodStack, stage: ManifestStage): void {
  const { kubernetes } = source.synthesis();
  const dataFiles = new Map<string, Record<string, unknown>>();
  Object.defineProperty(stack, DATA_FILES, { value: dataFiles, configurable: true });
  const provider = new KubernetesProvider(stack, 'kubernetes', source.kubernetesProviderConfig);
  const ids = new Set<string>();
  const claim = (id: string) => {
    if (ids.has(id))
      throw new SuperpodInputError({
        where: stack.node.path,
        problem: 'two Kubernetes objects map to one Terraform resource name',
        value: id,
        fix: 'rename one of the objects (names differing only in "." or "-" collide)',
      });
    ids.add(id);
  };
  for (const file of kubernetes.files) {
    if (file.stage !== stage) continue;
    if (file.forEach) {
      claim(file.forEach);
      // Read by jsondecode(file(...)): no template parsing, so no escaping either.
      const dataFile = `${file.forEach}.json`;
      dataFiles.set(dataFile, Object.fromEntries(file.objects.map((o) => [o.metadata.name, o])));
      new KubernetesManifestSet(stack, file.forEach, { provider, dataFile }).overrideLogicalId(file.forEach);
      continue;
    }
    for (const object of file.objects) {
      const id = terraformId(object);
      claim(id);
      new KubernetesManifest(stack, id, { provider, manifest: terraformSafe(object) }).overrideLogicalId(id);
    }
  }
  if (stage === 'platform' && kubernetes.nodeLabels.length > 0) {
    dataFiles.set('node_labels.json', Object.fromEntries(kubernetes.nodeLabels.map((n) => [n.node, n.labels])));
    new KubernetesNodeLabels(stack, 'node-labels', { provider, dataFile: 'node_labels.json' }).overrideLogicalId(
      'node_labels',
    );
  }
}

/**
 * The object with Terraform's template sequences escaped (`${` -> `$${`, `%{` -> `%%{`), so a literal such as an
 * environment value `${HOME}` reaches the cluster as written instead of being interpolated by Terraform.
 */
export function terraformSafe(object: KubeObject): Record<string, unknown> {
  const escapeTemplates = (value: unknown): unknown => {
    if (typeof value === 'string') return value.includes('{') ? value.replace(/([$%])\{/g, '$1$1{') : value;
    if (Array.isArray(value)) return value.map(escapeTemplates);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [escapeTemplates(k) as string, escapeTemplates(v)]),
      );
    return value;
  };
  return escapeTemplates(object) as Record<string, unknown>;
}

/** Terraform resource name of an object: `daemonset_kube-system_ascend-device-plugin-x` style, unique per object. */
export function terraformId(object: KubeObject): string {
  return objectKey(object)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}
