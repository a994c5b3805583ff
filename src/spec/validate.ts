import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closestId } from '../catalog/suggest.ts';
import { describeValue, SuperpodInputError } from '../errors.ts';
import { lazy } from '../lazy.ts';
import type { SpecDocument } from './document.ts';
import { EXAMPLES, type QuantityKind, unitsOf } from './quantities.ts';
import { specSchema } from './schema.ts';
import type { ClusterSpec } from './types.ts';

const validator = lazy((): ValidateFunction => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'x-quantity', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-extends', schemaType: 'string' });
  return ajv.compile(specSchema());
});

/** Checks a parsed spec against the schema; the first problem becomes one sentence with file:line:column. */
export function validateSpec(doc: SpecDocument): ClusterSpec {
  const validate = validator();
  if (validate(doc.data)) return checkSize(doc, doc.data as ClusterSpec);
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const chosen = pickError(errors, doc.data);
  throw toInputError(doc, chosen);
}

/** Largest expanded cluster a spec may describe: 4x an Atlas 950 SuperCluster (65,536 nodes), so nothing can hang. */
export const MAX_SPEC_NODES = 262_144;

function checkSize(doc: SpecDocument, spec: ClusterSpec): ClusterSpec {
  let nodes = 0;
  spec.superPods.forEach((pod, p) => {
    const perPod = pod.racks.reduce(
      (sum, rack) => sum + (rack.count ?? 1) * (rack.nodes ?? []).reduce((n, node) => n + (node.count ?? 1), 0),
      0,
    );
    nodes += (pod.count ?? 1) * perPod;
    if (nodes > MAX_SPEC_NODES) {
      throw new SuperpodInputError({
        where: doc.locate(['superPods', p]),
        problem: `the spec expands to more than ${MAX_SPEC_NODES.toLocaleString('en-US')} nodes`,
        value: nodes,
        fix: 'check the count: fields; a whole Atlas 950 SuperCluster is 65,536 nodes',
      });
    }
  });
  return spec;
}

/**
 * The error a person should fix first: the deepest one, skipping the umbrella errors of oneOf. A fabric that is an
 * object is a custom fabric being written, so its own errors (a missing level, a latency without a unit) say more
 * than "must be atlas950 or a custom fabric"; any other wrong fabric gets that sentence.
 */
function pickError(errors: ErrorObject[], data: unknown): ErrorObject {
  const concrete = errors.filter((e) => e.keyword !== 'oneOf');
  const fabric = errors.find((e) => e.keyword === 'oneOf');
  if (fabric && concrete.every((e) => e.instancePath.startsWith(fabric.instancePath))) {
    const { value } = placeOf(fabric, data);
    const custom = concrete.filter(
      (e) => !(e.instancePath === fabric.instancePath && (e.keyword === 'const' || e.keyword === 'type')),
    );
    if (!isPlainObject(value) || custom.length === 0) return fabric;
    return deepest(custom)!;
  }
  return deepest(concrete) ?? errors[0]!;
}

function deepest(errors: ErrorObject[]): ErrorObject | undefined {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  // At one depth, a misspelt key explains a "missing" one better than the other way round.
  const rank = (e: ErrorObject) => (e.keyword === 'additionalProperties' || e.keyword === 'enum' ? 0 : 1);
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0];
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An error's place in the document, `/superPods/0/racks/1` as `['superPods', 0, 'racks', 1]`, and the value there. A
 * segment is a list index only where the document holds a list: `env: { "12": x }` is the key "12".
 */
function placeOf(error: ErrorObject, data: unknown): { path: Array<string | number>; value: unknown } {
  const path: Array<string | number> = [];
  let value = data;
  for (const segment of error.instancePath.split('/').slice(1)) {
    const key = Array.isArray(value) ? Number(segment) : segment.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(key);
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return { path, value };
}

function toInputError(doc: SpecDocument, error: ErrorObject): SuperpodInputError {
  const { path, value } = placeOf(error, doc.data);
  const label =
    path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') ||
    'the spec';
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} is missing "${missing}"`,
        fix: `add ${missing}: ...${hintFor(missing)}`,
      });
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((schema?.properties as object) ?? {});
      const close = closestId(extra, allowed);
      return new SuperpodInputError({
        where: doc.locate(path, extra),
        problem: `unknown field "${extra}" in ${label}`,
        fix: close
          ? `did you mean "${close}"? (allowed: ${allowed.join(', ')})`
          : `remove it; allowed fields: ${allowed.join(', ')}`,
      });
    }
    case 'type':
    case 'pattern': {
      const kind = schema?.['x-quantity'] as QuantityKind | undefined;
      if (kind) {
        return new SuperpodInputError({
          where: doc.locate(path),
          problem: `${label} must be a ${kind} with a unit`,
          value,
          fix: `write it like "${EXAMPLES[kind]}" (units: ${unitsOf(kind).join(', ')})`,
        });
      }
      if (error.keyword === 'type') {
        return new SuperpodInputError({
          where: doc.locate(path),
          problem: `${label} must be ${article(String(params.type))}`,
          value,
          fix: `write ${label} as ${article(String(params.type))}`,
        });
      }
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} is not a valid name`,
        value,
        fix: String(schema?.description ?? 'use lower-case letters, digits and "-"'),
      });
    }
    case 'enum':
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} has an unknown value`,
        value,
        fix: `use one of ${(params.allowedValues as unknown[]).map((v) => describeValue(v)).join(', ')}`,
      });
    case 'const':
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} must be ${describeValue(params.allowedValue)}`,
        value,
        fix: `set ${label}: ${describeValue(params.allowedValue)}`,
      });
    case 'minProperties':
    case 'maxProperties': {
      const options = Object.keys((schema?.properties as object) ?? {});
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} must name exactly one of ${options.join(', ')}`,
        value: value && typeof value === 'object' ? Object.keys(value) : value,
        fix: `keep one of ${options.join(', ')}`,
      });
    }
    case 'oneOf':
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} must be "atlas950" or a custom fabric with name, x, y and z levels`,
        value,
        fix: 'write fabric: atlas950, or give name, x, y, z with maxNpus, bandwidthPerNpu and latency each',
      });
    case 'minItems':
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} needs at least ${params.limit} entr${params.limit === 1 ? 'y' : 'ies'}`,
        fix: `add an entry to ${label}`,
      });
    case 'minLength':
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} is too short (at least ${params.limit} characters)`,
        value,
        fix: schema?.description ? String(schema.description) : `write at least ${params.limit} characters`,
      });
    default:
      return new SuperpodInputError({
        where: doc.locate(path),
        problem: `${label} ${error.message ?? 'is not valid'}`,
        value,
        fix: schema?.description ? `expected: ${schema.description}` : 'see `superpod spec schema`',
      });
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

const hints: Record<string, string> = {
  power: ' (busbar: { voltage: "800 V", current: "150 A" })',
  cooling: ' (directLiquid: { liquidCapacity: "90 kW", airCapacity: "20 kW" })',
  racks: ' (a list of racks)',
  type: ' (a node type such as ascend-950dt-node; see `superpod catalog list node-types`)',
  name: ' (an id such as rack-01)',
};

function hintFor(field: string): string {
  return hints[field] ?? '';
}
