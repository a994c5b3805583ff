/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/**
 * Which Terraform stack plans an object. `platform`: built-in kinds only, plannable on a bare cluster.
 * `workloads`: custom resources (Volcano, LeaderWorkerSet), whose CRDs must exist before `kubernetes_manifest` can
 * plan them, and the workloads themselves.
 */
export type ManifestStage = 'platform' | 'workloads';

/** One output file of objects, applied in file-name order. */
export interface ManifestFile {
  /** File name under `manifests/`, e.g. `10-device-plugin.yaml`. */
  readonly name: string;
  readonly stage: ManifestStage;
  /**
   * When set, Terraform plans the file's objects as one `kubernetes_manifest` resource of this name with `for_each`
   * over the object names: per-node objects stay one block (fast synth and plan at 1,024 nodes, stable addresses).
   */
  readonly forEach?: string;
  readonly objects: readonly KubeObject[];
}

/** Labels every object superpod creates carries: who manages it, and which stack owns it (for prune). */
export function ownershipLabels(stack: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'superpod', 'superpod.dev/stack': stack };
}

/** Identity of an object for diffs and Terraform ids: `kind/namespace/name` or `kind/name`. */
export function objectKey(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return ns ? `${object.kind}/${ns}/${object.metadata.name}` : `${object.kind}/${object.metadata.name}`;
}

/**
 * A kubernetes-models type as a KubeObject: the generated type checks every field at compile time, KubeObject adds
 * the required name the synthesiser relies on.
 */
export type Typed<T> = T & KubeObject;
