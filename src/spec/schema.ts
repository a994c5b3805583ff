import { lazy } from '../lazy.ts';
import { closedObject, quantity, schemaParts } from './schema-parts.ts';
import { workloadsSchema } from './schema-workloads.ts';

/**
 * The JSON Schema of a cluster spec (draft-07, so editors with YAML/JSON language servers complete it): the one
 * definition of the spec, from which `types.ts` is generated. Its parts are in `schema-parts.ts` and
 * `schema-workloads.ts`.
 * Built on first use rather than at import, like its parts (`schemaParts`).
 */
export const specSchema = lazy(() => {
  const { countedName, dnsLabel, heatRejection, repeatable, source, suppressions } = schemaParts();
  const fabricLevel = closedObject(
    {
      maxNpus: { type: 'integer', minimum: 1 },
      bandwidthPerNpu: quantity('bandwidth', 'bandwidth per NPU, one direction'),
      latency: quantity('duration', 'one-way latency'),
      source: { type: 'string' },
      confidence: { enum: ['vendor-claimed', 'reported', 'measured', 'estimated'] },
    },
    {
      title: 'FabricLevelSpec',
      description: 'one level of a custom UnifiedBus fabric',
      required: ['maxNpus', 'bandwidthPerNpu', 'latency'],
    },
  );
  const supply = closedObject(
    {
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
    {
      title: 'SupplySpec',
      description: 'a busbar or feed: voltage, current rating, derating and redundancy',
      required: ['voltage', 'current'],
    },
  );

  return {
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
      metadata: closedObject(
        { name: { ...dnsLabel, description: 'stack name: output goes to cdktf.out/stacks/<name>/' } },
        { required: ['name'] },
      ),
      kubernetes: closedObject({
        scheduler: { enum: ['volcano', 'default'] },
        devicePluginNamespace: dnsLabel,
        devicePluginImage: { type: 'string', minLength: 1 },
        volcanoNpuPlugin: { type: 'string', minLength: 1 },
        resourceSlices: {
          enum: ['driver', 'superpod'],
          description:
            'who publishes the ResourceSlices of DRA pools: the Ascend DRA driver, or superpod with its topology attributes (default superpod; docs/dra.md)',
        },
      }),
      superCluster: closedObject(
        {
          name: countedName,
          labelName: dnsLabel,
          source,
          interPodLink: closedObject(
            {
              kind: { enum: ['uboe', 'roce'] },
              bandwidthPerNpu: quantity('bandwidth', 'bandwidth per NPU between SuperPoDs'),
              latency: quantity('duration', 'one-way latency (default 2.1 us for uboe, 5 us for roce)'),
            },
            { required: ['kind', 'bandwidthPerNpu'] },
          ),
        },
        { required: ['name', 'interPodLink'] },
      ),
      workloads: workloadsSchema(),
      superPods: {
        type: 'array',
        minItems: 1,
        items: closedObject(
          {
            ...repeatable('SuperPoD', 4096),
            labelName: dnsLabel,
            index: {
              type: 'integer',
              minimum: 0,
              description:
                "position in the SuperCluster (default: after the previous SuperPoD); with count, the first copy's",
            },
            source,
            fabric: {
              oneOf: [
                { const: 'atlas950' },
                closedObject(
                  {
                    name: { type: 'string', minLength: 1 },
                    x: fabricLevel,
                    y: fabricLevel,
                    z: fabricLevel,
                    uplink: closedObject(
                      {
                        kind: { enum: ['uboe', 'roce'] },
                        bandwidthPerNpu: quantity('bandwidth', 'uplink bandwidth per NPU'),
                        latency: quantity('duration', 'one-way latency'),
                        source: { type: 'string' },
                        confidence: { enum: ['vendor-claimed', 'reported', 'measured', 'estimated'] },
                      },
                      { required: ['kind', 'bandwidthPerNpu', 'latency'] },
                    ),
                  },
                  { required: ['name', 'x', 'y', 'z'] },
                ),
              ],
            },
            pue: { type: 'number', minimum: 1, maximum: 3, description: 'annual PUE, for energy and cost' },
            designPue: {
              type: 'number',
              minimum: 1,
              maximum: 3,
              description: 'design-day (peak) PUE, for the facility power budget checks',
            },
            facilityPowerBudget: quantity('power', 'facility power budget of the SuperPoD'),
            switchPowerPerRack: quantity(
              'power',
              'power of the in-rack switches and other non-node equipment per rack',
            ),
            interconnectPower: quantity('power', "power of the SuperPoD's interconnect cabinets, optics included"),
            heatRejection,
            suppressions,
            racks: {
              type: 'array',
              items: closedObject(
                {
                  ...repeatable('rack', 100_000),
                  labelName: dnsLabel,
                  index: {
                    type: 'integer',
                    minimum: 0,
                    description:
                      "position in the SuperPoD (default: after the previous rack); with count, the first copy's",
                  },
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
                      shelvesNPlusOne: closedObject(
                        {
                          count: { type: 'integer', minimum: 2, maximum: 64 },
                          rating: quantity('power', 'output rating of one shelf'),
                          voltage: quantity('voltage', 'rack input voltage'),
                          maxUtilisation: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                          efficiency: {
                            type: 'number',
                            minimum: 0.5,
                            maximum: 1,
                            description: 'shelf conversion efficiency, output / input (default 0.97, estimated)',
                          },
                        },
                        { required: ['count', 'rating'] },
                      ),
                    },
                  },
                  cooling: {
                    type: 'object',
                    additionalProperties: false,
                    minProperties: 1,
                    maxProperties: 1,
                    properties: {
                      directLiquid: closedObject(
                        {
                          liquidCapacity: quantity('power', 'heat the liquid loop removes'),
                          airCapacity: quantity('power', 'heat the air path removes'),
                          coolantClass: { enum: ['W17', 'W27', 'W32', 'W40', 'W45', 'W+'] },
                          airClass: { enum: ['A1', 'A2', 'A3', 'A4', 'H1'] },
                          cdu: { type: 'string', minLength: 1 },
                          cduCapacity: quantity('power', 'heat the shared CDU removes (same on every rack of the CDU)'),
                        },
                        { required: ['liquidCapacity', 'airCapacity'] },
                      ),
                      air: closedObject(
                        {
                          capacity: quantity('power', 'heat the air path removes'),
                          rearDoorHeatExchanger: {
                            type: 'boolean',
                            description: 'the rack has a rear-door heat exchanger (default false)',
                          },
                          airClass: { enum: ['A1', 'A2', 'A3', 'A4', 'H1'] },
                        },
                        { required: ['capacity'] },
                      ),
                    },
                  },
                  suppressions,
                  nodes: {
                    type: 'array',
                    items: closedObject(
                      {
                        ...repeatable('node', 1000),
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
                      {
                        title: 'NodeSpec',
                        description: 'a node of a catalogue node type, placed in the rack',
                        required: ['name', 'type'],
                      },
                    ),
                  },
                },
                {
                  title: 'RackSpec',
                  description: 'an 800 VDC rack: height, power, cooling and nodes',
                  required: ['name', 'power', 'cooling'],
                },
              ),
            },
          },
          {
            title: 'SuperPodSpec',
            description: 'a SuperPoD: its fabric, facility figures and racks',
            required: ['name', 'racks'],
          },
        ),
      },
    },
  } as const;
});
