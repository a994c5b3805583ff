/** One field that differs between the live object and what applying the desired one would make of it. */
export interface FieldChange {
  /** `spec.template.spec.containers[0].image` style path. */
  readonly path: string;
  /** Live value; undefined when the field is new. */
  readonly from: unknown;
  /** Value after the apply; undefined when the field goes away. */
  readonly to: unknown;
}

/** Fields the API server owns: they change on every write and say nothing about the object. */
const VOLATILE = new Set([
  'metadata.managedFields',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.uid',
  'metadata.creationTimestamp',
  'metadata.selfLink',
  'status',
]);
const VOLATILE_ANNOTATIONS = new Set(['deployment.kubernetes.io/revision']);
const ANNOTATIONS = 'metadata.annotations.';

/**
 * The fields that differ between two versions of an object, in a stable order, skipping what the server maintains
 * (managed fields, resource version, generation, status). Lists compare by position, as the server returns them.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (VOLATILE.has(path)) return;
    if (path.startsWith(ANNOTATIONS) && VOLATILE_ANNOTATIONS.has(path.slice(ANNOTATIONS.length))) return;
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      // Stryker disable next-line EqualityOperator: one past the end compares undefined with undefined, which is equal
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (!equal(a, b)) changes.push({ path, from: a, to: b });
  };
  walk(before, after, '');
  return changes;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Leaves only: two objects or two lists of one length never get here (walk descends into them). */
function equal(a: unknown, b: unknown): boolean {
  // An int-or-string field (a quantity in a custom resource): the hashicorp/kubernetes provider writes "8" as 8.
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return a === b;
}

/** A value for one line of diff output: JSON, shortened. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
