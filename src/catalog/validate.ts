import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SuperpodInputError } from '../errors.ts';
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

const validators = new Map<CatalogFileKind, ValidateFunction>();

function validatorFor(kind: CatalogFileKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const schema = JSON.parse(readFileSync(new URL(`./schemas/${kind}.schema.json`, import.meta.url), 'utf8'));
    // verbose: errors carry their schema, so a fix can list the allowed property names.
    validate = new Ajv({ allErrors: false, verbose: true, strict: true }).compile(schema);
    validators.set(kind, validate);
  }
  return validate;
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

/**
 * Cross-file checks the schemas cannot express: ids unique, every source id listed in sources.json,
 * node types point at known accelerators with min <= default <= max, precisions consistent, model
 * shapes coherent. Throws on the first problem, pointing at the file, line and field.
 */
export function checkCatalogReferences(files: CatalogFiles): void {
  const sources = files.sources.data.sources;
  const accelerators = files.accelerators.data.accelerators;
  const nodeTypes = files.nodeTypes.data.nodeTypes;
  const models = files.models.data.models;

  const seen = new Map<string, string>();
  const checkUnique = (file: CatalogFile<unknown>, listKey: string, ids: readonly string[]) => {
    ids.forEach((id, index) => {
      const other = seen.get(id);
      if (other !== undefined) {
        fail(
          file,
          `/${listKey}/${index}/id`,
          `id "${id}" is already used in ${other}`,
          id,
          'give every entry an id used nowhere else in the catalogue',
        );
      }
      seen.set(id, file.label);
    });
  };
  checkUnique(
    files.accelerators,
    'accelerators',
    accelerators.map((a) => a.id),
  );
  checkUnique(
    files.nodeTypes,
    'nodeTypes',
    nodeTypes.map((n) => n.id),
  );
  checkUnique(
    files.models,
    'models',
    models.map((m) => m.id),
  );
  checkUnique(
    files.fabrics,
    'fabrics',
    files.fabrics.data.fabrics.map((f) => f.id),
  );

  const checkSources = (file: CatalogFile<unknown>, value: unknown, pointer: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        checkSources(file, item, `${pointer}/${index}`);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'source' && typeof child === 'string' && !Object.hasOwn(sources, child)) {
          fail(
            file,
            `${pointer}/source`,
            'names a source that sources.json does not list',
            child,
            `add "${child}" to src/catalog/data/sources.json or use a listed source id`,
          );
        }
        checkSources(file, child, `${pointer}/${key}`);
      }
    }
  };
  checkSources(files.accelerators, files.accelerators.data, '');
  checkSources(files.nodeTypes, files.nodeTypes.data, '');
  checkSources(files.models, files.models.data, '');
  checkSources(files.fabrics, files.fabrics.data, '');
  files.fabrics.data.fabrics.forEach((f, index) => {
    checkFabricLevels(files.fabrics, f, index);
  });

  accelerators.forEach((a, index) => {
    const listed = new Set(a.supportedPrecisions);
    const rated = new Set(Object.keys(a.denseTflops));
    for (const p of listed) {
      if (!rated.has(p)) {
        fail(
          files.accelerators,
          `/accelerators/${index}/supportedPrecisions`,
          `lists ${p} but denseTflops has no ${p} entry`,
          p,
          `add denseTflops.${p} (null with confidence "unknown" if unpublished) or drop ${p}`,
        );
      }
    }
    for (const p of rated) {
      if (!listed.has(p as never)) {
        fail(
          files.accelerators,
          `/accelerators/${index}/denseTflops/${p}`,
          `rates ${p} but supportedPrecisions does not list it`,
          p,
          `add ${p} to supportedPrecisions or remove denseTflops.${p}`,
        );
      }
    }
  });

  const acceleratorIds = accelerators.map((a) => a.id);
  nodeTypes.forEach((n, index) => {
    const at = `/nodeTypes/${index}`;
    const accelerator = accelerators.find((a) => a.id === n.acceleratorId);
    if (!accelerator) {
      fail(
        files.nodeTypes,
        `${at}/acceleratorId`,
        'names an accelerator that accelerators.json does not list',
        n.acceleratorId,
        `use one of ${acceleratorIds.join(', ')}`,
      );
    } else if (accelerator.vendor !== n.vendor) {
      fail(
        files.nodeTypes,
        `${at}/vendor`,
        `is ${n.vendor} but its accelerator ${accelerator.id} is ${accelerator.vendor}`,
        n.vendor,
        'make the node vendor match its accelerator',
      );
    }
    const { min, max, default: usual } = n.acceleratorCount;
    if (!(min <= usual && usual <= max)) {
      fail(
        files.nodeTypes,
        `${at}/acceleratorCount`,
        'needs min <= default <= max',
        n.acceleratorCount,
        'fix min, default and max',
      );
    }
    const group = n.ubGroupSize?.value;
    if (typeof group === 'number' && (!Number.isInteger(group) || min % group !== 0 || max % group !== 0)) {
      fail(
        files.nodeTypes,
        `${at}/ubGroupSize/value`,
        `does not divide the accelerator counts ${min} to ${max}: a node holds whole UB groups`,
        group,
        'set acceleratorCount min and max to multiples of ubGroupSize',
      );
    }
    const fraction = n.liquidFraction.value;
    if (n.cooling === 'air' && fraction !== null && fraction !== 0) {
      fail(
        files.nodeTypes,
        `${at}/liquidFraction/value`,
        'is above 0 on an air-cooled node',
        fraction,
        'set 0 for air cooling or change cooling to "liquid"',
      );
    }
    if (n.cooling === 'liquid' && fraction === 0) {
      fail(
        files.nodeTypes,
        `${at}/liquidFraction/value`,
        'is 0 on a liquid-cooled node',
        fraction,
        'set the share of heat the liquid loop takes (default 0.8) or change cooling to "air"',
      );
    }
  });

  models.forEach((m, index) => {
    const at = `/models/${index}/architecture`;
    const arch = m.architecture;
    if ((arch.attention === 'mla') !== (arch.mla !== undefined)) {
      fail(
        files.models,
        `${at}/attention`,
        'and the "mla" block must come together',
        arch.attention,
        'use attention "mla" with an mla block, or neither',
      );
    }
    if (arch.attention !== 'mla' && (arch.kvHeads > arch.heads || arch.heads % arch.kvHeads !== 0)) {
      fail(
        files.models,
        `${at}/kvHeads`,
        `must divide heads (${arch.heads})`,
        arch.kvHeads,
        'copy num_key_value_heads from the model config',
      );
    }
    if (arch.attention === 'mha' && arch.kvHeads !== arch.heads) {
      fail(
        files.models,
        `${at}/attention`,
        'is "mha" but kvHeads differs from heads',
        arch.attention,
        'use "gqa" when kvHeads < heads',
      );
    }
    if (arch.attention === 'gqa' && arch.kvHeads === arch.heads) {
      fail(
        files.models,
        `${at}/attention`,
        'is "gqa" but kvHeads equals heads',
        arch.attention,
        'use "mha" when every head has its own KV head',
      );
    }
    const moe = arch.moe;
    if (moe && moe.activeExperts > moe.routedExperts) {
      fail(
        files.models,
        `${at}/moe/activeExperts`,
        `exceeds routedExperts (${moe.routedExperts})`,
        moe.activeExperts,
        'copy num_experts_per_tok from the model config',
      );
    }
    if (moe && moe.firstDenseLayers >= arch.layers) {
      fail(
        files.models,
        `${at}/moe/firstDenseLayers`,
        `must be below layers (${arch.layers})`,
        moe.firstDenseLayers,
        'copy first_k_dense_replace from the model config',
      );
    }
    const { totalB, activeB } = m.parameters;
    if (totalB.value !== null && activeB.value !== null && activeB.value > totalB.value) {
      fail(
        files.models,
        `/models/${index}/parameters/activeB/value`,
        `exceeds totalB (${totalB.value})`,
        activeB.value,
        'active parameters are a subset of the total',
      );
    }
  });
}

function fail(file: CatalogFile<unknown>, pointer: string, problem: string, value: unknown, fix: string): never {
  const listKey = pointer.split('/')[1] ?? '';
  throw new SuperpodInputError({
    where: whereInFile(file.label, file.text, pointer),
    problem: `${describePointer(file.data, pointer, listKey)} ${problem}`,
    value,
    fix,
  });
}

/** `entry "h20" hbm.capacityGB.confidence` for `/accelerators/5/hbm/capacityGB/confidence`. */
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

/** Levels X, Y, Z in that order, each domain a whole number of the one inside it. */
function checkFabricLevels(file: CatalogFile<unknown>, fabric: FabricSpec, index: number): void {
  const order = ['X', 'Y', 'Z'] as const;
  fabric.levels.forEach((level, i) => {
    const at = `/fabrics/${index}/levels/${i}`;
    if (level.name !== order[i]) {
      fail(
        file,
        `${at}/name`,
        `must be level ${order[i]} (levels run X, Y, Z)`,
        level.name,
        'list X, Y and Z in order',
      );
    }
    const inner = fabric.levels[i - 1];
    const size = level.maxNpus.value;
    if (!Number.isInteger(size) || (inner && size % inner.maxNpus.value !== 0)) {
      fail(
        file,
        `${at}/maxNpus/value`,
        `must be a whole number of ${inner ? `${inner.name} domains (${inner.maxNpus.value} NPUs)` : 'NPUs'}`,
        size,
        'make each maxNpus a multiple of the level inside it',
      );
    }
  });
}
