import { EXAMPLES, type QuantityKind, unitsOf } from './quantities.ts';

/**
 * The JSON Schema of a cluster spec (draft-07, so editors with YAML/JSON language servers complete it). Quantities
 * carry `x-quantity` so validation errors can say "a power like "900 W"" instead of quoting a regular expression.
 */
const quantity = (kind: QuantityKind, description: string) => ({
  type: 'string',
  description: `${description} (e.g. "${EXAMPLES[kind]}"; units ${unitsOf(kind).join(', ')})`,
  pattern: `^\\s*-?\\d+(\\.\\d+)?(e[+-]?\\d+)?\\s*(${unitsOf(kind)
    .map((u) => u.replace('/', '\\/'))
    .join('|')})\\s*$`,
  'x-quantity': kind,
});

const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const countedName = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.{}]*[A-Za-z0-9}])?$',
  description: 'construct id; with `count`, `{i}` is replaced by 0, 1, ... (e.g. "rack-{i}")',
};
const source = {
  type: 'string',
  pattern: '^.+:\\d+:\\d+$',
  description: 'where this element was first written (file:line:column); reports point there instead of at the spec',
};
const suppressions = {
  type: 'array',
  description: 'policy findings accepted on this element and everything below it',
  items: {
    title: 'SuppressionSpec',
    description: 'a policy finding accepted with a reason',
    type: 'object',
    additionalProperties: false,
    required: ['rule', 'reason'],
    properties: {
      rule: { type: 'string', pattern: '^[A-Z][A-Z0-9]*-\\d{3}$', description: 'rule id, e.g. POWER-002' },
      reason: { type: 'string', minLength: 10, description: 'why the finding is accepted (at least 10 characters)' },
    },
  },
};
const fabricLevel = {
  title: 'FabricLevelSpec',
  description: 'one level of a custom UnifiedBus fabric',
  type: 'object',
  additionalProperties: false,
  required: ['maxNpus', 'bandwidthPerNpu', 'latency'],
  properties: {
    maxNpus: { type: 'integer', minimum: 1 },
    bandwidthPerNpu: quantity('bandwidth', 'bandwidth per NPU, one direction'),
    latency: quantity('duration', 'one-way latency'),
    source: { type: 'string' },
    confidence: { enum: ['vendor-claimed', 'reported', 'measured', 'estimated'] },
  },
};
const supply = {
  title: 'SupplySpec',
  description: 'a busbar or feed: voltage, current rating, derating and redundancy',
  type: 'object',
  additionalProperties: false,
  required: ['voltage', 'current'],
  properties: {
    voltage: quantity('voltage', 'supply voltage'),
    current: quantity('current', 'continuous current rating'),
    maxUtilisation: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of the rating the load may use (default 0.8)',
    },
    redundancy: { enum: ['none', 'a-b'] },
  },
};

const parallelismSchema = {
  title: 'ParallelismSpec',
  description: 'tensor, pipeline, expert and data parallel degrees (default 1 each)',
  type: 'object',
  additionalProperties: false,
  properties: {
    tp: { type: 'integer', minimum: 1 },
    pp: { type: 'integer', minimum: 1 },
    ep: { type: 'integer', minimum: 1 },
    dp: { type: 'integer', minimum: 1 },
  },
};
const servingPool = {
  title: 'ServingPoolSpec',
  description: 'the instances of one serving phase (prefill or decode) on one node pool',
  type: 'object',
  additionalProperties: false,
  required: ['pool', 'replicas', 'parallelism'],
  properties: {
    pool: { type: 'string', minLength: 1, description: 'node pool the instances run on' },
    replicas: { type: 'integer', minimum: 1 },
    parallelism: parallelismSchema,
    maxBatch: { type: 'integer', minimum: 1 },
  },
};
const container = {
  title: 'ContainerSpec',
  description: 'the container every pod of the workload runs',
  type: 'object',
  additionalProperties: false,
  required: ['image'],
  properties: {
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
};
const workloadCommon = {
  name: countedName,
  labelName: dnsLabel,
  source,
  namespace: dnsLabel,
  queue: dnsLabel,
  container,
  suppressions,
};
const inferenceService = {
  title: 'InferenceServiceSpec',
  description: 'a model served on one pool, or disaggregated over a prefill and a decode pool',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'model', 'decode', 'slo', 'traffic', 'container'],
  properties: {
    kind: { const: 'InferenceService' },
    ...workloadCommon,
    model: { type: 'string', minLength: 1, description: 'model id from `superpod catalog list models`' },
    precision: {
      type: 'object',
      additionalProperties: false,
      properties: { weights: { type: 'string' }, activations: { type: 'string' }, kvCache: { type: 'string' } },
    },
    prefill: servingPool,
    decode: servingPool,
    slo: {
      type: 'object',
      additionalProperties: false,
      required: ['timeToFirstToken', 'timePerOutputToken'],
      properties: {
        timeToFirstToken: quantity('duration', 'time to first token target'),
        timePerOutputToken: quantity('duration', 'time per output token target'),
      },
    },
    traffic: {
      type: 'object',
      additionalProperties: false,
      required: ['requestsPerSecond', 'inputTokens', 'outputTokens'],
      properties: {
        requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
        inputTokens: { type: 'integer', minimum: 1 },
        outputTokens: { type: 'integer', minimum: 1 },
      },
    },
  },
};
const trainingJob = {
  title: 'TrainingJobSpec',
  description: 'a gang-scheduled training job on one pool',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'pool', 'replicas', 'container'],
  properties: {
    kind: { const: 'TrainingJob' },
    ...workloadCommon,
    pool: { type: 'string', minLength: 1 },
    replicas: { type: 'integer', minimum: 1 },
    npusPerPod: { type: 'integer', minimum: 1 },
    model: { type: 'string', minLength: 1 },
    parallelism: parallelismSchema,
    raBlock: { type: 'integer', minimum: 1, description: 'Volcano ra-block: NPUs per logical rack' },
    spBlock: { type: 'integer', minimum: 1, description: 'Volcano sp-block: NPUs per logical SuperPoD' },
  },
};

export const specSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://superpod.dev/schemas/cluster-spec-v1alpha1.json',
  title: 'superpod cluster spec',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'superPods'],
  properties: {
    $schema: { type: 'string' },
    apiVersion: { const: 'superpod.dev/v1alpha1' },
    kind: { const: 'ClusterSpec' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { ...dnsLabel, description: 'stack name: output goes to cdktf.out/stacks/<name>/' } },
    },
    kubernetes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        scheduler: { enum: ['volcano', 'default'] },
        devicePluginNamespace: dnsLabel,
        devicePluginImage: { type: 'string', minLength: 1 },
      },
    },
    superCluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'interPodLink'],
      properties: {
        name: countedName,
        labelName: dnsLabel,
        source,
        interPodLink: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'bandwidthPerNpu'],
          properties: {
            kind: { enum: ['uboe', 'roce'] },
            bandwidthPerNpu: quantity('bandwidth', 'bandwidth per NPU between SuperPoDs'),
            latency: quantity('duration', 'one-way latency (default 2.1 us for uboe, 5 us for roce)'),
          },
        },
      },
    },
    workloads: {
      type: 'array',
      description: 'inference services and training jobs (kind: InferenceService or TrainingJob)',
      items: {
        title: 'WorkloadSpec',
        description: 'an inference service or a training job',
        type: 'object',
        required: ['kind'],
        properties: { kind: { enum: ['InferenceService', 'TrainingJob'] } },
        if: { properties: { kind: { const: 'InferenceService' } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable
        then: inferenceService,
        else: trainingJob,
      },
    },
    superPods: {
      type: 'array',
      minItems: 1,
      items: {
        title: 'SuperPodSpec',
        description: 'a SuperPoD: its fabric, facility figures and racks',
        type: 'object',
        additionalProperties: false,
        required: ['name', 'racks'],
        properties: {
          name: countedName,
          count: {
            type: 'integer',
            minimum: 1,
            maximum: 4096,
            description: 'repeat this SuperPoD (name must contain {i})',
          },
          labelName: dnsLabel,
          index: { type: 'integer', minimum: 0 },
          source,
          fabric: {
            oneOf: [
              { const: 'atlas950' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'x', 'y', 'z'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  x: fabricLevel,
                  y: fabricLevel,
                  z: fabricLevel,
                  uplink: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['kind', 'bandwidthPerNpu', 'latency'],
                    properties: {
                      kind: { enum: ['uboe', 'roce'] },
                      bandwidthPerNpu: quantity('bandwidth', 'uplink bandwidth per NPU'),
                      latency: quantity('duration', 'one-way latency'),
                      source: { type: 'string' },
                      confidence: { enum: ['vendor-claimed', 'reported', 'measured', 'estimated'] },
                    },
                  },
                },
              },
            ],
          },
          pue: { type: 'number', minimum: 1, maximum: 3 },
          facilityPowerBudget: quantity('power', 'facility power budget of the SuperPoD'),
          suppressions,
          racks: {
            type: 'array',
            items: {
              title: 'RackSpec',
              description: 'an 800 VDC rack: height, power, cooling and nodes',
              type: 'object',
              additionalProperties: false,
              required: ['name', 'power', 'cooling'],
              properties: {
                name: countedName,
                count: {
                  type: 'integer',
                  minimum: 1,
                  maximum: 100000,
                  description: 'repeat this rack (name must contain {i})',
                },
                labelName: dnsLabel,
                index: { type: 'integer', minimum: 0 },
                source,
                height: { type: 'integer', minimum: 1, maximum: 100, description: 'usable height in U (default 42)' },
                reserved: {
                  type: 'integer',
                  minimum: 0,
                  maximum: 100,
                  description: 'units kept for shelves and switches, from the bottom (default 0)',
                },
                weightLimit: quantity('mass', 'largest equipment mass'),
                power: {
                  type: 'object',
                  additionalProperties: false,
                  minProperties: 1,
                  maxProperties: 1,
                  properties: {
                    busbar: supply,
                    feed: supply,
                    shelvesNPlusOne: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['count', 'rating'],
                      properties: {
                        count: { type: 'integer', minimum: 2, maximum: 64 },
                        rating: quantity('power', 'output rating of one shelf'),
                        voltage: quantity('voltage', 'rack input voltage'),
                        maxUtilisation: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                      },
                    },
                  },
                },
                cooling: {
                  type: 'object',
                  additionalProperties: false,
                  minProperties: 1,
                  maxProperties: 1,
                  properties: {
                    directLiquid: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['liquidCapacity', 'airCapacity'],
                      properties: {
                        liquidCapacity: quantity('power', 'heat the liquid loop removes'),
                        airCapacity: quantity('power', 'heat the air path removes'),
                        coolantClass: { enum: ['W17', 'W27', 'W32', 'W40', 'W45', 'W+'] },
                        airClass: { enum: ['A1', 'A2', 'A3', 'A4', 'H1'] },
                        cdu: { type: 'string', minLength: 1 },
                        cduCapacity: quantity('power', 'heat the shared CDU removes (same on every rack of the CDU)'),
                      },
                    },
                    air: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['capacity'],
                      properties: {
                        capacity: quantity('power', 'heat the air path removes'),
                        airClass: { enum: ['A1', 'A2', 'A3', 'A4', 'H1'] },
                      },
                    },
                  },
                },
                suppressions,
                nodes: {
                  type: 'array',
                  items: {
                    title: 'NodeSpec',
                    description: 'a node of a catalogue node type, placed in the rack',
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'type'],
                    properties: {
                      name: countedName,
                      count: {
                        type: 'integer',
                        minimum: 1,
                        maximum: 1000,
                        description: 'repeat this node (name must contain {i})',
                      },
                      source,
                      type: {
                        type: 'string',
                        minLength: 1,
                        description: 'node type id from `superpod catalog list node-types`',
                      },
                      acceleratorCount: { type: 'integer', minimum: 1, maximum: 64 },
                      role: { enum: ['prefill', 'decode', 'training', 'spare', 'general'] },
                      pool: dnsLabel,
                      nodeName: dnsLabel,
                      acceleratorPower: quantity('power', 'power of one accelerator at full load'),
                      hostPower: quantity('power', 'power of everything but the accelerators'),
                      weight: quantity('mass', 'chassis mass'),
                      height: { type: 'integer', minimum: 1, maximum: 20, description: 'chassis height in U' },
                      position: { type: 'integer', minimum: 1, maximum: 100, description: 'lowest U of the chassis' },
                      liquidFraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                      labels: { type: 'object', additionalProperties: { type: 'string' } },
                      deviceAllocation: {
                        enum: ['device-plugin', 'dra'],
                        description: 'classic device plugin or DRA ResourceSlices (one per pool)',
                      },
                      suppressions,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
