/**
 * `reports/capacity.json`: the stable, versioned capacity artefact of a stack (totals, SuperPoDs, racks, nodes,
 * services, scheduling summary, findings with fingerprints), built from the engine results of one synth.
 */
export { buildCapacityDocument } from './build.ts';
export {
  CAPACITY_JSON_FILE,
  CAPACITY_SCHEMA_URL,
  formatCapacityJson,
  parseCapacityDocument,
  readCapacityFile,
} from './document.ts';
export { round } from './round.ts';
export * from './types.ts';
