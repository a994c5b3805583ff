import { describe, expect, it } from 'vitest';
import {
  Duration,
  HeatRejection,
  Model,
  RecommendationModel,
  RecommendationService,
  SuperPod,
} from '../../constructs/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';
import { testStack } from '../helpers/fixtures.ts';
import { recommendationHall, recommendationProps } from '../helpers/recommendation.ts';

describe('RecommendationService construct', () => {
  it('puts model, pool, layout, traffic and SLO into the Inventory', () => {
    const { stack } = recommendationHall();
    new RecommendationService(stack, 'dlrm', recommendationProps({ sharding: 'table-wise', hostOffload: true }));
    const service = stack.inventory().workloads[0];
    expect(service).toMatchObject({
      kind: 'recommendation-service',
      id: 'dlrm',
      path: 'rec/dlrm',
      name: 'dlrm',
      modelId: 'dlrm-v2',
      pool: 'rec',
      replicas: 4,
      devicesPerReplica: 1,
      sharding: 'table-wise',
      precision: { embeddings: 'fp16' },
      hostOffload: true,
      traffic: { queriesPerSecond: 20_000, samplesPerQuery: 270 },
      slo: { p99S: 0.06 },
      namespace: 'recommendation',
      queue: 'serving',
    });
    expect(service!.source?.file).toMatch(/recommendation-service\.test\.ts$/);
  });

  it('defaults to one device per replica, auto sharding, no host offload, the default namespace and queue', () => {
    const { stack } = recommendationHall();
    const p = recommendationProps();
    new RecommendationService(stack, 'dlrm', {
      model: p.model,
      pool: p.pool,
      replicas: p.replicas,
      traffic: p.traffic,
      slo: p.slo,
      container: p.container,
    });
    expect(stack.inventory().workloads[0]).toMatchObject({
      devicesPerReplica: 1,
      sharding: 'auto',
      hostOffload: false,
      precision: {},
      namespace: 'default',
      queue: 'default',
    });
  });

  const failing: Array<[string, Parameters<typeof recommendationProps>[0], RegExp]> = [
    [
      'the model is a language model',
      { model: Model.LLAMA_3_1_8B as never },
      /^rec\/x: model must be a RecommendationModel/,
    ],
    [
      'the model id is not in the catalogue',
      { model: RecommendationModel.of('dlrm-v9') },
      /^rec\/x: unknown recommendation model id \(got "dlrm-v9"\); .*dlrm-v2/,
    ],
    ['replicas is zero', { replicas: 0 }, /^rec\/x: replicas must be a whole number from 1 to 100000 \(got 0\)/],
    [
      'devicesPerReplica is fractional',
      { devicesPerReplica: 1.5 },
      /^rec\/x: devicesPerReplica must be a whole number/,
    ],
    [
      'the sharding is unknown',
      { sharding: 'diagonal' as never },
      /^rec\/x: sharding is not a known layout \(got "diagonal"\); use one of auto, replicated, table-wise, row-wise, column-wise$/,
    ],
    ['hostOffload is a string', { hostOffload: 'yes' as never }, /^rec\/x: hostOffload must be true or false/],
    [
      'the query rate is zero',
      { traffic: { queriesPerSecond: 0, samplesPerQuery: 270 } },
      /^rec\/x: traffic\.queriesPerSecond must be a positive number \(got 0\)/,
    ],
    [
      'samplesPerQuery is missing',
      { traffic: { queriesPerSecond: 10 } as never },
      /^rec\/x: traffic\.samplesPerQuery must be a whole number from 1 to 10000000; set traffic\.samplesPerQuery/,
    ],
    [
      'the SLO is a bare number',
      { slo: { p99: 60 as never } },
      /^rec\/x: slo\.p99 must be a Duration value object \(got 60\)/,
    ],
    ['the SLO is zero', { slo: { p99: Duration.seconds(0) } }, /^rec\/x: slo\.p99 must be longer than zero/],
    [
      'the embedding precision is unknown',
      { precision: { embeddings: 'fp7' as never } },
      /^rec\/x: precision\.embeddings is not a known precision \(got "fp7"\)/,
    ],
    ['the pool is not a DNS label', { pool: 'Rec Pool' }, /^rec\/x: pool/],
    ['there is no container', { container: undefined as never }, /^rec\/x: container\.image is required/],
  ];
  for (const [what, overrides, message] of failing) {
    it(`fails when ${what}`, () => {
      const { stack } = recommendationHall();
      const error = inputErrorOf(() => new RecommendationService(stack, 'x', recommendationProps(overrides)));
      expect(error.message).toMatch(message);
    });
  }
});

describe('HeatRejection plants on a SuperPod', () => {
  it('puts the plants and chillers of both heat paths into the Inventory', () => {
    const stack = testStack('w');
    new SuperPod(stack, 'hall', {
      heatRejection: {
        liquid: HeatRejection.dryCooler(),
        air: HeatRejection.evaporativeTower({ cycles: 5, chillerCop: 5 }),
      },
    });
    expect(stack.inventory().superPods[0]!.heatRejection).toEqual({
      liquid: { plant: { kind: 'dry-cooler' } },
      air: { plant: { kind: 'evaporative-tower', cycles: 5 }, chillerCop: 5 },
    });
  });

  it('fails when a tower runs at one cycle of concentration', () => {
    const error = inputErrorOf(() => HeatRejection.evaporativeTower({ cycles: 1 }));
    expect(error.message).toMatch(
      /recommendation-service\.test\.ts:\d+:\d+\.cycles: cycles of concentration must be above 1/,
    );
  });

  it('fails when an adiabatic wet-hours share is above 1', () => {
    expect(inputErrorOf(() => HeatRejection.adiabatic({ wetHoursShare: 1.5 })).message).toMatch(
      /\.wetHoursShare: must be a share between 0 and 1 \(got 1\.5\)/,
    );
  });

  it('fails when a chiller COP is zero', () => {
    expect(inputErrorOf(() => HeatRejection.dryCooler({ chillerCop: 0 })).message).toMatch(
      /chillerCop: must be a positive coefficient of performance \(got 0\)/,
    );
  });

  it('fails when a measured plant gives negative litres', () => {
    expect(inputErrorOf(() => HeatRejection.measured({ litresPerKWh: -1 })).message).toMatch(
      /\.litresPerKWh: must be a number of litres per kWh of at least 0 \(got -1\)/,
    );
  });

  it('fails when heatRejection names no plant or a plain object', () => {
    const stack = testStack('w');
    expect(inputErrorOf(() => new SuperPod(stack, 'a', { heatRejection: {} })).message).toMatch(
      /^w\/a: heatRejection names no plant/,
    );
    expect(
      inputErrorOf(() => new SuperPod(stack, 'b', { heatRejection: { air: { kind: 'dry-cooler' } as never } })).message,
    ).toMatch(/^w\/b: heatRejection\.air must be a HeatRejection value object/);
  });
});
