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

/** One output file of objects, applied in file-name order. */
export interface ManifestFile {
  /** File name under `manifests/`, e.g. `10-device-plugin.yaml`. */
  readonly name: string;
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
