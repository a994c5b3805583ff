import { defineRule, fail, gigabytes, notApplicable, pass } from '../../src/policy/index.ts';
import { significant } from '../../src/units/index.ts';
import { memoryProblem, offloadedTables, recommendationOf } from '../shared/recommendation.ts';

/**
 * A recommendation replica's embedding tables, sharded over its accelerators, plus dense weights, activations and the
 * runtime reserve must fit the HBM of the busiest device. Rows that fit nowhere go to host memory: a finding naming
 * the tables unless the service allows host offload.
 */
export const embeddingFit = defineRule(import.meta.url, 'recommendation-service', (service, context) => {
  const outcome = recommendationOf(service, context);
  if (outcome.kind === 'missing-pool') return notApplicable();
  if (outcome.kind === 'undeployable') {
    return fail(`the perf model cannot deploy the service as configured: ${outcome.problem}`, { fix: outcome.fix });
  }
  const p = outcome.prediction.replica;
  if (!memoryProblem(service, p)) return pass();
  const m = p.memory;
  const layout = `${p.devices} x ${p.accelerator} (${p.sharding}, ${p.embeddingPrecision} rows)`;
  const spilled = offloadedTables(p);
  const need = Math.ceil(m.embeddingGBTotal / (m.capacityGBPerDevice * 0.9));
  // every device of a replicated layout holds every table: more devices add copies, not room
  const spread =
    p.sharding === 'replicated' ? 'shard the tables table-wise or row-wise (sharding)' : 'spread the tables';
  const wider = `${spread} over at least ${need} devices per replica (devicesPerReplica), store the rows in a narrower format (precision.embeddings, e.g. int8)`;
  if (spilled.length > 0 && !service.hostOffload) {
    const named = spilled
      .slice(0, 3)
      .map(
        (t) => `${t.table}${t.tables > 1 ? ` (${t.tables} tables)` : ''}: ${significant(t.hostGB)} GB in host memory`,
      )
      .join(', ');
    const more = spilled.length > 3 ? ` and ${spilled.length - 3} more table groups` : '';
    return fail(
      `the embedding tables (${gigabytes(m.embeddingGBTotal * 1e9)}) do not fit the HBM of ${layout}: table ${named}${more}`,
      {
        fix: `${wider}, or allow hostOffload: true to serve the rows from host memory`,
        data: {
          table: spilled[0]!.table,
          offloadedGB: m.offloadedGB,
          embeddingGB: m.embeddingGBTotal,
          devicesNeeded: need,
        },
      },
    );
  }
  return fail(
    `the busiest device of ${layout} needs ${gigabytes(m.totalGB * 1e9)} (tables ${gigabytes(m.tablesGB * 1e9)} + dense weights ${gigabytes(m.denseWeightsGB * 1e9)} + activations ${gigabytes(m.activationsGB * 1e9)} + reserve ${gigabytes(m.reserveGB * 1e9)}) of its ${gigabytes(m.capacityGBPerDevice * 1e9)}`,
    { fix: `${wider}, or lower the batch`, data: { totalGB: m.totalGB, capacityGB: m.capacityGBPerDevice } },
  );
});
