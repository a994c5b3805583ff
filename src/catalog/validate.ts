import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SuperpodInputError } from '../errors.ts';
import { lazy } from '../lazy.ts';
import { whereInFile } from './json-text.ts';
import type { AcceleratorSpec, FabricSpec, ModelSpec, NodeTypeSpec, SourceEntry } from './types.ts';

/** The catalogue files, each with its JSON Schema in `src/catalog/schemas/`. */
export type CatalogFileKind = 'sources' | 'accelerators' | 'node-types' | 'models' | 'fabrics';

export const CATALOG_FILE_KINDS: readonly CatalogFileKind[] = [
  'sources',
  'accelerators',
  'node-types',
  'models',
  'fabrics',
];

/** Top-level key holding the entries of each file. */
export const CATALOG_LIST_KEY: Readonly<Record<CatalogFileKind, string>> = {
  sources: 'sources',
  accelerators: 'accelerators',
  'node-types': 'nodeTypes',
  models: 'models',
  fabrics: 'fabrics',
};

/** A catalogue file as read, kept with its text so errors can point at line and column. */
export interface CatalogFile<T> {
  readonly label: string;
  readonly text?: string;
  readonly data: T;
}

export interface CatalogFiles {
  readonly sources: CatalogFile<{ sources: Record<string, SourceEntry> }>;
  readonly accelerators: CatalogFile<{ accelerators: AcceleratorSpec[] }>;
  readonly nodeTypes: CatalogFile<{ nodeTypes: NodeTypeSpec[] }>;
  readonly models: CatalogFile<{ models: ModelSpec[] }>;
  readonly fabrics: CatalogFile<{ fabrics: FabricSpec[] }>;
}

/**
 * One Ajv for every catalogue schema: a new instance sets up its meta-schemas again, which costs more than compiling
 * a small schema, and every command start validates the five built-in files.
 * verbose: errors carry their schema, so a fix can list the allowed property names.
 */
const catalogAjv = lazy(() => new Ajv({ allErrors: false, verbose: true, strict: true }));

/** The validator of a schema in `src/catalog/schemas/`, compiled once (by its `$id`) for the life of the process. */
export function catalogSchemaValidator(schemaFile: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL(`./schemas/${schemaFile}`, import.meta.url), 'utf8'));
  return catalogAjv().getSchema(schema.$id) ?? catalogAjv().compile(schema);
}

const validators = Object.fromEntries(
  CATALOG_FILE_KINDS.map((kind) => [kind, lazy(() => catalogSchemaValidator(`${kind}.schema.json`))]),
) as Record<CatalogFileKind, () => ValidateFunction>;

function validatorFor(kind: CatalogFileKind): ValidateFunction {
  return validators[kind]();
}

/**
 * Checks one catalogue file against its JSON Schema. Throws a SuperpodInputError naming the file
 * (with line:column when `text` is given), the entry and field, the value found and the fix.
 */
export function validateCatalogFile(kind: CatalogFileKind, data: unknown, fileLabel: string, text?: string): void {
  const validate = validatorFor(kind);
  if (validate(data)) return;
  const error = pickError(validate.errors ?? []);
  if (!error) {
    throw new SuperpodInputError({ where: fileLabel, problem: 'does not match its schema', fix: fixFor(undefined) });
  }
  const extra =
    error.keyword === 'additionalProperties'
      ? `/${(error.params as { additionalProperty: string }).additionalProperty}`
      : '';
  const pointer = error.instancePath + extra;
  throw new SuperpodInputError({
    where: whereInFile(fileLabel, text, pointer),
    problem: `${describePointer(data, pointer, CATALOG_LIST_KEY[kind])} ${messageFor(error)}`,
    value: valueAt(data, pointer),
    fix: fixFor(error, data),
  });
}

/** ajv reports every failed branch of an `anyOf`; the one that is not a plain type mismatch explains the most. */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const concrete = errors.filter((e) => !['anyOf', 'if', 'allOf', 'oneOf'].includes(e.keyword));
  const first = concrete[0];
  if (!first) return errors[0];
  return concrete.find((e) => e.instancePath === first.instancePath && e.keyword !== 'type') ?? first;
}

function messageFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is missing "${params.missingProperty}"`;
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'does not match the schema';
  }
}

function fixFor(error: ErrorObject | undefined, data?: unknown): string {
  if (!error) return 'compare the entry with the schema in src/catalog/schemas/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `add "${params.missingProperty}"; every catalogue number is {"value", "source", "confidence"[, "note"]}`;
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `remove "${params.additionalProperty}" or correct its spelling${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'enum':
      return `use one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      if (error.instancePath.endsWith('/value')) {
        const parent = valueAt(data, error.instancePath.slice(0, -'/value'.length)) as { confidence?: unknown };
        return parent?.confidence === 'unknown'
          ? 'an unknown number has "value": null; give a known value a confidence (vendor-claimed, reported, measured, estimated)'
          : 'give the number as a JSON number, or set "value": null with "confidence": "unknown" when it is not published';
      }
      return `use a ${params.type} here`;
    case 'pattern':
      return error.instancePath.endsWith('/source')
        ? 'source ids look like S_name and must be listed in src/catalog/data/sources.json'
        : `use a value matching ${params.pattern}`;
    case 'exclusiveMinimum':
    case 'minimum':
    case 'maximum':
      return `use a number ${params.comparison} ${params.limit}, or null with confidence "unknown"`;
    default:
      return 'compare the entry with the schema in src/catalog/schemas/';
  }
}

/** `entry "h20" hbm.capacityGiB.confidence` for `/accelerators/5/hbm/capacityGiB/confidence`. */
export function describePointer(data: unknown, pointer: string, listKey: string): string {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (tokens.length === 0) return 'the file';
  if (tokens[0] === listKey && tokens.length >= 2) {
    const entry = valueAt(data, `/${listKey}/${tokens[1]}`) as { id?: unknown } | undefined;
    const name =
      listKey === 'sources' ? `"${tokens[1]}"` : typeof entry?.id === 'string' ? `"${entry.id}"` : `#${tokens[1]}`;
    const rest = tokens.slice(2).join('.');
    return `entry ${name}${rest ? ` ${rest}` : ''}`;
  }
  return tokens.join('.');
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
