import { closedObject, quantity, type SchemaBase, schemaParts } from './schema-parts.ts';

type Parts = ReturnType<typeof schemaParts>;

/** The `workloads` list of a spec: inference services, recommendation services and training jobs. */
export function workloadsSchema() {
  const parallelismSchema = closedObject(
    {
      tp: { type: 'integer', minimum: 1 },
      pp: { type: 'integer', minimum: 1 },
      ep: { type: 'integer', minimum: 1 },
      dp: { type: 'integer', minimum: 1 },
    },
    { title: 'ParallelismSpec', description: 'tensor, pipeline, expert and data parallel degrees (default 1 each)' },
  );
  const servingPool = closedObject(
    {
      pool: { type: 'string', minLength: 1, description: 'node pool the instances run on' },
      replicas: { type: 'integer', minimum: 1 },
      parallelism: parallelismSchema,
      maxBatch: { type: 'integer', minimum: 1 },
    },
    {
      title: 'ServingPoolSpec',
      description: 'the instances of one serving phase (prefill or decode) on one node pool',
      required: ['pool', 'replicas', 'parallelism'],
    },
  );
  const workloadBase = workloadBaseSchema();
  const inferenceService = closedObject(
    {
      kind: { const: 'InferenceService' },
      model: { type: 'string', minLength: 1, description: 'model id from `superpod catalog list models`' },
      precision: closedObject({
        weights: { type: 'string' },
        activations: { type: 'string' },
        kvCache: { type: 'string' },
      }),
      prefill: servingPool,
      decode: servingPool,
      slo: closedObject(
        {
          timeToFirstToken: quantity('duration', 'time to first token target'),
          timePerOutputToken: quantity('duration', 'time per output token target'),
        },
        { required: ['timeToFirstToken', 'timePerOutputToken'] },
      ),
      traffic: closedObject(
        {
          requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
          inputTokens: { type: 'integer', minimum: 1 },
          outputTokens: { type: 'integer', minimum: 1 },
        },
        { required: ['requestsPerSecond', 'inputTokens', 'outputTokens'] },
      ),
    },
    {
      title: 'InferenceServiceSpec',
      base: workloadBase,
      description: 'a model served on one pool, or disaggregated over a prefill and a decode pool',
      required: ['kind', 'model', 'decode', 'slo', 'traffic'],
    },
  );
  const recommendationService = closedObject(
    {
      kind: { const: 'RecommendationService' },
      model: { type: 'string', minLength: 1, description: 'recommendation model id (dlrm-v2, hugectr-180table-70b)' },
      pool: { type: 'string', minLength: 1, description: 'node pool the replicas run on' },
      replicas: { type: 'integer', minimum: 1 },
      devicesPerReplica: {
        type: 'integer',
        minimum: 1,
        description: 'accelerators one replica spreads its tables over',
      },
      sharding: { enum: ['auto', 'replicated', 'table-wise', 'row-wise', 'column-wise'] },
      precision: closedObject({ embeddings: { type: 'string' }, dense: { type: 'string' } }),
      hostOffload: { type: 'boolean', description: 'rows that do not fit HBM may be served from host memory' },
      traffic: closedObject(
        {
          queriesPerSecond: { type: 'number', exclusiveMinimum: 0 },
          samplesPerQuery: { type: 'integer', minimum: 1, description: 'user-item pairs scored per query' },
        },
        { required: ['queriesPerSecond', 'samplesPerQuery'] },
      ),
      slo: closedObject({ p99: quantity('duration', 'p99 latency target per query') }, { required: ['p99'] }),
    },
    {
      title: 'RecommendationServiceSpec',
      base: workloadBase,
      description: 'a DLRM-style recommendation model served on one node pool',
      required: ['kind', 'model', 'pool', 'replicas', 'traffic', 'slo'],
    },
  );
  const trainingJob = closedObject(
    {
      kind: { const: 'TrainingJob' },
      pool: { type: 'string', minLength: 1 },
      replicas: { type: 'integer', minimum: 1 },
      npusPerPod: { type: 'integer', minimum: 1 },
      model: { type: 'string', minLength: 1 },
      parallelism: parallelismSchema,
      raBlock: { type: 'integer', minimum: 1, description: 'Volcano ra-block: NPUs per logical rack' },
      spBlock: { type: 'integer', minimum: 1, description: 'Volcano sp-block: NPUs per logical SuperPoD' },
    },
    {
      title: 'TrainingJobSpec',
      base: workloadBase,
      description: 'a gang-scheduled training job on one pool',
      required: ['kind', 'pool', 'replicas'],
    },
  );

  return {
    type: 'array',
    description:
      'inference services, recommendation services and training jobs (kind: InferenceService, RecommendationService or TrainingJob)',
    items: {
      title: 'WorkloadSpec',
      description: 'an inference service, a recommendation service or a training job',
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: ['InferenceService', 'RecommendationService', 'TrainingJob'] } },
      if: { properties: { kind: { const: 'InferenceService' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable
      then: inferenceService,
      else: {
        if: { properties: { kind: { const: 'RecommendationService' } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable
        then: recommendationService,
        else: trainingJob,
      },
    },
  };
}

/** What every workload kind has; `types.ts` declares it once as `WorkloadBaseSpec`. */
export function workloadBaseSchema() {
  const { countedName, dnsLabel, source, suppressions } = schemaParts();
  const container = closedObject(
    {
      image: { type: 'string', minLength: 1 },
      command: { type: 'array', items: { type: 'string' } },
      args: { type: 'array', items: { type: 'string' } },
      env: { type: 'object', additionalProperties: { type: 'string' } },
      cpu: { type: 'integer', minimum: 1 },
      memory: quantity('memory', 'memory per pod'),
      sharedMemory: quantity('memory', '/dev/shm size'),
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      healthPath: { type: 'string' },
      startupTimeout: quantity('duration', 'time the model may take to load'),
    },
    { title: 'ContainerSpec', description: 'the container every pod of the workload runs', required: ['image'] },
  );
  const base: SchemaBase<{
    readonly name: Parts['countedName'];
    readonly labelName: Parts['dnsLabel'];
    readonly source: Parts['source'];
    readonly namespace: Parts['dnsLabel'];
    readonly queue: Parts['dnsLabel'];
    readonly container: typeof container;
    readonly suppressions: Parts['suppressions'];
  }> = {
    title: 'WorkloadBaseSpec',
    description: 'what every workload has: its name, namespace, queue, container and accepted findings',
    properties: {
      name: countedName,
      labelName: dnsLabel,
      source,
      namespace: dnsLabel,
      queue: dnsLabel,
      container,
      suppressions,
    },
    required: ['name', 'container'],
  };
  return base;
}
