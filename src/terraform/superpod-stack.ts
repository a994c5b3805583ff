import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { SuperpodInputError } from '../errors.ts';
import { inventoryFromTree } from '../inventory/from-tree.ts';
import { isDnsLabel, toDnsLabel } from '../inventory/names.ts';
import type { Inventory } from '../inventory/types.ts';
import { type KubeObject, objectKey } from '../k8s/object.ts';
import { type KubernetesOutput, synthesizeKubernetes } from '../k8s/synthesize.ts';
import { KubernetesManifest, KubernetesNodeLabels, KubernetesProvider } from './kubernetes-provider.ts';

const STACK = Symbol.for('superpod.SuperPodStack');

export interface SuperPodStackProps {
  /**
   * Who schedules NPU pods: `volcano` (MindCluster's ascend-for-volcano plugin; the device plugin runs with
   * `-volcanoType=true`) or the `default` kube-scheduler.
   * @default 'volcano'
   */
  readonly scheduler?: 'volcano' | 'default';
  /** Namespace of the device plugins. @default 'kube-system' */
  readonly devicePluginNamespace?: string;
  /** Ascend device plugin image. @default 'ascend-k8sdeviceplugin:v3.0.0' */
  readonly devicePluginImage?: string;
  /** Kubeconfig path for the Terraform provider. @default - the provider's default */
  readonly kubeconfigPath?: string;
  /** Kubeconfig context for the Terraform provider. @default - the current context */
  readonly kubeContext?: string;
}

/**
 * A cdktf stack that holds SuperPoDs and synthesises them: the Inventory, the Kubernetes objects as
 * `kubernetes_manifest` resources, node labels as `kubernetes_labels`, and (through superpod's `App`) the same objects
 * as YAML under `manifests/`.
 */
export class SuperPodStack extends TerraformStack {
  static isSuperPodStack(x: unknown): x is SuperPodStack {
    return typeof x === 'object' && x !== null && STACK in x;
  }
  private readonly settings: Inventory['kubernetes'];
  private readonly providerConfig: { configPath?: string; configContext?: string };
  private synthesized: { inventory: Inventory; kubernetes: KubernetesOutput } | undefined;

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
      devicePluginImage: props.devicePluginImage ?? 'ascend-k8sdeviceplugin:v3.0.0',
    };
    this.providerConfig = {
      ...(props.kubeconfigPath ? { configPath: props.kubeconfigPath } : {}),
      ...(props.kubeContext ? { configContext: props.kubeContext } : {}),
    };
    // A relative state path: cdktf's default backend writes an absolute one, which would differ per checkout.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
  }

  /** The Inventory of everything in this stack, built fresh from the construct tree. */
  inventory(): Inventory {
    return inventoryFromTree(this, { stack: this.node.id, kubernetes: this.settings });
  }

  /** The Inventory and Kubernetes output this stack synthesised (computed once, at the first call). */
  synthesis(): { inventory: Inventory; kubernetes: KubernetesOutput } {
    if (!this.synthesized) {
      const inventory = this.inventory();
      this.synthesized = { inventory, kubernetes: synthesizeKubernetes(inventory) };
    }
    return this.synthesized;
  }

  override prepareStack(): void {
    if (!this.node.tryFindChild('kubernetes')) this.addKubernetesResources();
    super.prepareStack();
  }

  private addKubernetesResources(): void {
    const { kubernetes } = this.synthesis();
    const provider = new KubernetesProvider(this, 'kubernetes', this.providerConfig);
    const ids = new Set<string>();
    for (const file of kubernetes.files) {
      for (const object of file.objects) {
        const id = terraformId(object);
        if (ids.has(id))
          throw new SuperpodInputError({
            where: this.node.path,
            problem: 'two Kubernetes objects map to one Terraform resource name',
            value: id,
            fix: 'rename one of the objects (names differing only in "." or "-" collide)',
          });
        ids.add(id);
        new KubernetesManifest(this, id, {
          provider,
          manifest: object as KubeObject as Record<string, unknown>,
        }).overrideLogicalId(id);
      }
    }
    if (kubernetes.nodeLabels.length > 0) {
      const labelsByNode = Object.fromEntries(kubernetes.nodeLabels.map((n) => [n.node, n.labels]));
      new KubernetesNodeLabels(this, 'node-labels', { provider, labelsByNode }).overrideLogicalId('node_labels');
    }
  }
}

/** Terraform resource name of an object: `daemonset_kube-system_ascend-device-plugin-x` style, unique per object. */
export function terraformId(object: KubeObject): string {
  return objectKey(object)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}
