import { definePack } from '../../src/policy/index.ts';
import { embeddingFit } from './embedding-fit.ts';
import { memoryFit } from './memory-fit.ts';
import { memoryHeadroom } from './memory-headroom.ts';

export const memoryPack = definePack({
  name: 'memory',
  description:
    'Model weights, KV cache, embedding tables, activations and reserve against the HBM of each device (perf model).',
  parameters: {
    'memory.headroomFraction': {
      description: 'share of HBM to keep free per device before MEM-002 warns, a fraction in [0, 1)',
      schema: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
      default: 0.1,
    },
  },
  rules: [
    {
      id: 'MEM-001',
      level: 'error',
      title: 'Model fits the HBM of each device',
      explanation:
        "For each pool of an inference service, the perf model's memory of the most loaded device: weights under the pool's TP, PP and EP, KV cache of the pool's batch (maxBatch, else what the target load keeps in flight) at full context (input + output tokens), activations and the runtime reserve. It must fit the device's HBM.",
      fix: 'cap the batch, shard wider or use narrower precisions',
      rule: memoryFit,
    },
    {
      id: 'MEM-002',
      level: 'warning',
      title: 'Memory leaves headroom',
      explanation:
        'A pool whose devices fill more than 1 - parameters memory.headroomFraction (90%) of their HBM fits today but not a longer prompt or a burst.',
      fix: 'lower maxBatch or shard wider',
      rule: memoryHeadroom,
    },
    {
      id: 'MEM-003',
      level: 'error',
      title: 'Embedding tables fit the HBM of each replica',
      explanation:
        "For each recommendation service, the perf model shards the model's embedding tables over one replica's accelerators (its sharding, or the first layout that fits of replicated, table-wise and row-wise) and adds dense weights, activations at the largest batch and the runtime reserve on the busiest device. Rows that fit no device's HBM would be served from host memory over the host link: a finding naming the tables unless the service sets hostOffload.",
      fix: 'spread the tables over more devices per replica, store them in a narrower format, or allow hostOffload',
      rule: embeddingFit,
    },
  ],
});
