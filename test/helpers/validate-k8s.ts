import type { KubeObject } from '../../src/k8s/object.ts';

type Validatable = { validate(): void };
type ModelClass = new (data: unknown) => Validatable;

const cache = new Map<string, ModelClass>();

/** Validates an object against the Kubernetes OpenAPI schema with kubernetes-models; throws on the first error. */
export async function validateKubeObject(object: KubeObject): Promise<void> {
  const group = object.apiVersion.includes('/') ? object.apiVersion : object.apiVersion;
  const key = `${group}/${object.kind}`;
  let Model = cache.get(key);
  if (!Model) {
    const module = (await import(`kubernetes-models/${group}/${object.kind}`)) as Record<string, ModelClass>;
    Model = module[object.kind];
    if (!Model) throw new Error(`kubernetes-models has no ${key}`);
    cache.set(key, Model);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${key} ${object.metadata.name}: ${(error as Error).message}`);
  }
}
