import { SuperpodInputError } from '../errors.ts';
import { catalog } from './load.ts';
import { unknownIdFix } from './suggest.ts';
import type { AcceleratorSpec, Confidence, ModelSpec, NodeTypeSpec, Sourced } from './types.ts';

/** One catalogue entry of any kind, found by id (ids are unique across the three catalogues). */
export type CatalogEntry =
  | { readonly kind: 'accelerator'; readonly entry: AcceleratorSpec }
  | { readonly kind: 'node-type'; readonly entry: NodeTypeSpec }
  | { readonly kind: 'model'; readonly entry: ModelSpec };

export function findCatalogEntry(id: string): CatalogEntry {
  const c = catalog();
  const accelerator = c.accelerators.find((a) => a.id === id);
  if (accelerator) return { kind: 'accelerator', entry: accelerator };
  const nodeType = c.nodeTypes.find((n) => n.id === id);
  if (nodeType) return { kind: 'node-type', entry: nodeType };
  const model = c.models.find((m) => m.id === id);
  if (model) return { kind: 'model', entry: model };
  const known = [...c.accelerators, ...c.nodeTypes, ...c.models].map((e) => e.id);
  throw new SuperpodInputError({
    where: 'catalog',
    problem: 'unknown catalogue id',
    value: id,
    fix: unknownIdFix('catalogue', id, known),
  });
}

export function isSourced(value: unknown): value is Sourced {
  return (
    value !== null &&
    typeof value === 'object' &&
    'value' in value &&
    'source' in value &&
    'confidence' in value &&
    typeof (value as { source: unknown }).source === 'string'
  );
}

/** A Sourced number inside an entry, with its dotted path and unit. */
export interface SourcedField {
  readonly path: string;
  readonly unit: string;
  readonly sourced: Sourced;
}

/** Every Sourced number of an entry, in the entry's key order. */
export function sourcedFields(entry: object): SourcedField[] {
  const found: SourcedField[] = [];
  const walk = (value: unknown, path: string) => {
    if (isSourced(value)) {
      found.push({ path, unit: unitFor(path), sourced: value });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(entry, '');
  return found;
}

/** Every plain (unsourced) field of an entry as `path: value`, arrays joined, Sourced numbers left out. */
export function plainFields(entry: object): Array<{ path: string; value: string }> {
  const found: Array<{ path: string; value: string }> = [];
  const walk = (value: unknown, path: string) => {
    if (isSourced(value)) return;
    if (Array.isArray(value)) {
      found.push({ path, value: value.join(', ') });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else {
      found.push({ path, value: String(value) });
    }
  };
  walk(entry, '');
  return found;
}

export function unitFor(path: string): string {
  const leaf = path.split('.').at(-1) ?? '';
  if (path.startsWith('denseTflops.')) return leaf === 'int8' ? 'TOPS' : 'TFLOPS';
  if (leaf.endsWith('TBps')) return 'TB/s';
  if (leaf.endsWith('GBps')) return 'GB/s';
  if (leaf.endsWith('GB')) return 'GB';
  if (leaf.endsWith('Kg')) return 'kg';
  if (leaf.endsWith('W')) return 'W';
  if (leaf === 'heightU') return 'U';
  if (leaf === 'aiCores') return 'AI cores';
  if (leaf === 'totalB' || leaf === 'activeB') return 'B params';
  return '';
}

const MARKS: Readonly<Record<Confidence | 'unknown', string>> = {
  'vendor-claimed': 'V',
  reported: 'R',
  measured: 'M',
  estimated: 'E',
  unknown: '?',
};

/** One-letter confidence mark used in tables. */
export function confidenceMark(confidence: Confidence | 'unknown'): string {
  return MARKS[confidence];
}

export const CONFIDENCE_LEGEND =
  'V vendor-claimed, R reported, M measured, E estimated, ? unknown (not published: supply it as an input)';

/** `378 V`, `1.4 R`, `? ` for unknown: a number with its confidence mark. */
export function formatSourced(s: Sourced | undefined): string {
  if (s === undefined) return '-';
  if (s.value === null) return '?';
  return `${formatNumber(s.value)} ${confidenceMark(s.confidence)}`;
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}
