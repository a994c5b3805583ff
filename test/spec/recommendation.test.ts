import { describe, expect, it } from 'vitest';
import { HeatRejection, RecommendationService } from '../../constructs/index.ts';
import { exportSpec } from '../../src/spec/export.ts';
import { serializeSpec } from '../../src/spec/serialize.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { recommendationHall, recommendationProps } from '../helpers/recommendation.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';

const spec = `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: rec
superPods:
  - name: hall
    heatRejection:
      air: { plant: evaporative-tower, cycles: 5, chillerCop: 5 }
    racks:
      - name: rack-0
        height: 48
        reserved: 6
        power:
          busbar: { voltage: 800 V, current: 100 A }
        cooling:
          air: { capacity: 40 kW, rearDoorHeatExchanger: true }
        nodes:
          - name: pr-{i}
            count: 4
            type: atlas-350-server
            role: prefill
            height: 4
workloads:
  - kind: RecommendationService
    name: dlrm
    model: dlrm-v2
    pool: atlas-350-server-prefill
    replicas: 4
    sharding: replicated
    precision: { embeddings: fp16 }
    traffic: { queriesPerSecond: 20000, samplesPerQuery: 270 }
    slo: { p99: 60 ms }
    container: { image: registry.example.com/dlrm:1 }
`;

const load = (text: string, file = 'rec.yaml') => inventoryOfSpec(text, file);

describe('RecommendationService and heat-rejection plants in a cluster spec', () => {
  it('builds the service and the plants a spec describes', () => {
    const inventory = load(spec);
    expect(inventory.superPods[0]!.heatRejection).toEqual({
      air: { plant: { kind: 'evaporative-tower', cycles: 5 }, chillerCop: 5 },
    });
    expect(inventory.workloads[0]).toMatchObject({
      kind: 'recommendation-service',
      id: 'dlrm',
      modelId: 'dlrm-v2',
      pool: 'atlas-350-server-prefill',
      replicas: 4,
      devicesPerReplica: 1,
      sharding: 'replicated',
      precision: { embeddings: 'fp16' },
      traffic: { queriesPerSecond: 20_000, samplesPerQuery: 270 },
      slo: { p99S: 0.06 },
      source: { file: 'rec.yaml', line: 24, column: 5 },
    });
  });

  it('exports a construct stack with both to a spec that builds the same inventory', () => {
    const { stack } = recommendationHall({
      heatRejection: {
        liquid: HeatRejection.adiabatic({ wetHoursShare: 0.2 }),
        air: HeatRejection.measured({ litresPerKWh: 1.2 }),
      },
    });
    new RecommendationService(stack, 'dlrm', recommendationProps({ hostOffload: true, sharding: 'row-wise' }));
    const original = stack.inventory();
    const rebuilt = load(serializeSpec(exportSpec(original), 'yaml'), 'round.yaml');
    const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'path' ? undefined : v)));
    expect(strip(rebuilt)).toEqual(strip(original));
  });

  it('fails when samplesPerQuery is missing, at the spec line', () => {
    expect(
      inputErrorOf(() =>
        load(
          spec.replace(
            'traffic: { queriesPerSecond: 20000, samplesPerQuery: 270 }',
            'traffic: { queriesPerSecond: 20000 }',
          ),
        ),
      ).message,
    ).toMatch(/^rec\.yaml:31:14: workloads\[0\]\.traffic.*samplesPerQuery/);
  });

  it('fails when the sharding is not a known layout', () => {
    expect(inputErrorOf(() => load(spec.replace('sharding: replicated', 'sharding: diagonal'))).message).toMatch(
      /^rec\.yaml:29:15: workloads\[0\]\.sharding has an unknown value/,
    );
  });

  it('fails when the p99 SLO has no unit', () => {
    expect(inputErrorOf(() => load(spec.replace('p99: 60 ms', 'p99: 60'))).message).toMatch(
      /^rec\.yaml:32:17: workloads\[0\]\.slo\.p99 must be a duration with a unit \(got 60\)/,
    );
  });

  it('fails when a plant is given a parameter it does not take', () => {
    expect(
      inputErrorOf(() => load(spec.replace('plant: evaporative-tower, cycles: 5', 'plant: dry-cooler, cycles: 5')))
        .message,
    ).toMatch(/^rec\.yaml:8:12: plant dry-cooler: does not take cycles \(got 5\); drop cycles/);
  });

  it('fails when a measured plant gives no litres', () => {
    expect(
      inputErrorOf(() => load(spec.replace('plant: evaporative-tower, cycles: 5, chillerCop: 5', 'plant: measured')))
        .message,
    ).toMatch(/^rec\.yaml:8:12: plant measured: needs litresPerKWh/);
  });
});
