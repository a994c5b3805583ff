import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SuperpodInputError } from '../errors.ts';
import { lazy } from '../lazy.ts';
import { parseJsonText } from './json-text.ts';
import { checkCatalogReferences } from './references.ts';
import type { AcceleratorSpec, FabricSpec, ModelSpec, NodeTypeSpec, SourceEntry } from './types.ts';
import { type CatalogFile, type CatalogFileKind, type CatalogFiles, validateCatalogFile } from './validate.ts';

/** The loaded, validated and frozen catalogues. */
export interface Catalog {
  readonly sources: Readonly<Record<string, SourceEntry>>;
  readonly accelerators: readonly AcceleratorSpec[];
  readonly nodeTypes: readonly NodeTypeSpec[];
  readonly models: readonly ModelSpec[];
  readonly fabrics: readonly FabricSpec[];
}

export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** The built-in catalogues, validated on first use and cached for the life of the process. */
export const catalog: () => Catalog = lazy(() => readCatalogDirectory(DEFAULT_CATALOG_DIR));

/**
 * Reads, schema-validates, cross-checks and deep-freezes the catalogue files of `dir`
 * (`sources.json`, `accelerators.json`, `node-types.json`, `models.json`, `fabrics.json`). Not cached.
 */
export function readCatalogDirectory(dir: string): Catalog {
  const sources = readCatalogFile<{ sources: Record<string, SourceEntry> }>(dir, 'sources');
  const accelerators = readCatalogFile<{ accelerators: AcceleratorSpec[] }>(dir, 'accelerators');
  const nodeTypes = readCatalogFile<{ nodeTypes: NodeTypeSpec[] }>(dir, 'node-types');
  const models = readCatalogFile<{ models: ModelSpec[] }>(dir, 'models');
  const fabrics = readCatalogFile<{ fabrics: FabricSpec[] }>(dir, 'fabrics');
  const files: CatalogFiles = { sources, accelerators, nodeTypes, models, fabrics };
  checkCatalogReferences(files);
  return deepFreeze({
    sources: sources.data.sources,
    accelerators: accelerators.data.accelerators,
    nodeTypes: nodeTypes.data.nodeTypes,
    models: models.data.models,
    fabrics: fabrics.data.fabrics,
  });
}

function readCatalogFile<T>(dir: string, kind: CatalogFileKind): CatalogFile<T> {
  const path = join(dir, `${kind}.json`);
  const label = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SuperpodInputError({
      where: label,
      problem: `cannot read the ${kind} catalogue (${(error as NodeJS.ErrnoException).code ?? 'read error'})`,
      fix: 'restore the file from the repository (git checkout -- src/catalog/data)',
    });
  }
  const data = parseJsonText(text, label);
  validateCatalogFile(kind, data, label, text);
  return { label, text, data: data as T };
}

/** Paths in messages are relative to the working directory when that is shorter, never machine-specific otherwise. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
