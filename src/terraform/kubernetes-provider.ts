import { TerraformProvider, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Hand-written bindings for the three things we use of `hashicorp/kubernetes ~> 3.2` (applied by OpenTofu with 3.2.1
 * in `npm run test:cluster`): the provider, `kubernetes_manifest` and `kubernetes_labels`. The prebuilt @cdktf/provider-kubernetes is 150 MB and takes 3.5 s to import for the same JSON.
 */
export interface KubernetesProviderConfig {
  /** Path to the kubeconfig file, as Terraform will see it. @default - the provider's own default */
  readonly configPath?: string;
  /** Context in the kubeconfig. @default - the current context */
  readonly configContext?: string;
}

export class KubernetesProvider extends TerraformProvider {
  private readonly config: KubernetesProviderConfig;
  constructor(scope: Construct, id: string, config: KubernetesProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'kubernetes',
      terraformProviderSource: 'hashicorp/kubernetes',
      terraformGeneratorMetadata: { providerName: 'kubernetes', providerVersionConstraint: '~> 3.2' },
    });
    this.config = config;
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { config_path: this.config.configPath, config_context: this.config.configContext, alias: this.alias };
  }
}

/** `kubernetes_manifest`: one object, applied with server-side apply under our field manager. */
export class KubernetesManifest extends TerraformResource {
  private readonly manifest: Record<string, unknown>;
  constructor(
    scope: Construct,
    id: string,
    config: { provider: TerraformProvider; manifest: Record<string, unknown> },
  ) {
    super(scope, id, {
      terraformResourceType: 'kubernetes_manifest',
      terraformGeneratorMetadata: { providerName: 'kubernetes' },
      provider: config.provider,
    });
    this.manifest = config.manifest;
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { manifest: this.manifest, field_manager: { name: 'superpod', force_conflicts: true } };
  }
}

/**
 * Where a `for_each` resource reads its instances: a JSON file next to `cdk.tf.json`, decoded at plan time. Per-node
 * data (1,024 ResourceSlices, 1,024 label sets) stays out of the cdktf construct tree, whose token resolution would
 * walk every value (seconds at SuperPoD scale), and out of Terraform's template parsing (`${` stays literal).
 */
export function forEachFromFile(file: string): string {
  return `\${jsondecode(file("\${path.module}/${file}"))}`;
}

/** A `for_each` resource's provider and the data file (next to cdk.tf.json) of its map key -> instance. */
export interface ForEachConfig {
  readonly provider: TerraformProvider;
  readonly dataFile: string;
}

/** A resource block of the kubernetes provider with one instance per key of a map read from a data file. */
abstract class ForEachResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: 'kubernetes_manifest' | 'kubernetes_labels', config: ForEachConfig) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: 'kubernetes' },
      provider: config.provider,
    });
    this.addOverride('for_each', forEachFromFile(config.dataFile));
  }
}

/**
 * `kubernetes_manifest` with `for_each` over a map object name -> manifest read from `dataFile`: many objects of one
 * kind (a ResourceSlice per node, a HyperNode per rack) in one resource block, addressed
 * `kubernetes_manifest.<id>["<name>"]`.
 */
export class KubernetesManifestSet extends ForEachResource {
  constructor(scope: Construct, id: string, config: ForEachConfig) {
    super(scope, id, 'kubernetes_manifest', config);
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { manifest: '${each.value}', field_manager: { name: 'superpod', force_conflicts: true } };
  }
}

/**
 * `kubernetes_labels` on Nodes, one instance per node through `for_each` over a map node name -> labels read from
 * `dataFile`. One resource block instead of one per node keeps synth and plan linear at SuperPoD scale, and the
 * instance address `kubernetes_labels.<id>["<node>"]` stays stable when nodes are added or removed.
 */
export class KubernetesNodeLabels extends ForEachResource {
  constructor(scope: Construct, id: string, config: ForEachConfig) {
    super(scope, id, 'kubernetes_labels', config);
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      api_version: 'v1',
      kind: 'Node',
      metadata: { name: '${each.key}' },
      labels: '${each.value}',
      field_manager: 'superpod',
      force: true,
    };
  }
}
