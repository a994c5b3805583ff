import { stringify } from 'yaml';
import type { ClusterSpec } from './types.ts';

const HEADER = `# superpod cluster spec. Build it with \`superpod synth -f <file>\`; check it with \`superpod check -f <file>\`.
# Quantities carry units ("900 W", "150 A", "800 V", "80 kg", "50 GB/s"). \`count: N\` repeats an entry, with {i} in
# its name replaced by 0..N-1. \`source:\` says where an entry was first written; reports point there.
# JSON Schema for editors: \`superpod spec schema > cluster-spec.schema.json\`.
`;

/** The spec as YAML with a short header, or as JSON. Deterministic: key order is the order the exporter builds. */
export function serializeSpec(spec: ClusterSpec, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(spec, null, 2)}\n`;
  return HEADER + stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Removes where each entry was written (`source: file:line:column`), for a spec that should point reports at its own
 * lines. A custom fabric's `source` is the citation of its figures, not a location: it stays.
 */
export function withoutSources<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSources) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'source')
        .map(([k, v]) => [k, k === 'fabric' ? v : withoutSources(v)]),
    ) as T;
  }
  return value;
}
