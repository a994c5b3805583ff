import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../src/catalog/index.ts';
import {
  getRecommendationModel,
  listRecommendationModels,
  parseRecommendationCatalog,
  type RecommendationModelSpec,
} from '../../src/catalog/recommendation.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import {
  batchTiming,
  bytesMoved,
  md1P99WaitS,
  planRecommendation,
  planSharding,
  predictRecommendation,
  recommendationShape,
  resolveRecommendation,
  serverState,
} from '../../src/perf/recommendation/index.ts';
import { recommendationCase, recommendationRecords } from './recommendation-cases.ts';
import { runRecommendationValidation } from './recommendation-harness.ts';

const p = { source: 'S_mlperf_dlrmv2_ref', confidence: 'estimated' } as const;

/** Three fp16 tables: a (1,000 x 32, pooling 2) and two b (500 x 64, pooling 1); 64,000 bytes each. */
const tiny: RecommendationModelSpec = {
  id: 'tiny',
  name: 'tiny',
  ...p,
  denseFeatures: { value: 4, ...p },
  embeddingTables: [
    { name: 'a', count: 1, rows: 1000, dim: 32, pooling: 2, ...p },
    { name: 'b', count: 2, rows: 500, dim: 64, pooling: 1, ...p },
  ],
  weightsPrecision: { value: 'fp16', ...p },
  bottomMlp: { layers: [32], ...p },
  interaction: { kind: 'concat', ...p },
  topMlp: { layers: [1], ...p },
};

const sharding = (devices: number, tableBudgetBytes: number, granuleB = 128) =>
  ({ model: tiny, devices, elementBytes: 2, granuleB, tableBudgetBytes }) as const;

describe('recommendation catalogue', () => {
  it('holds MLPerf DLRM-v2 as the reference code defines it', () => {
    const m = getRecommendationModel('dlrm-v2');
    const s = recommendationShape(m);
    expect(s.tables).toBe(26);
    expect(s.lookupsPerItem).toBe(214); // sum of multi_hot_sizes
    expect(s.embeddingRows).toBe(204_184_588);
    // bottom 13x512 + 512x256 + 256x128 = 170,496; DCN 3 x 2 x 3456 x 512 = 10,616,832; top 3456x1024 + 1024x1024
    // + 1024x512 + 512x256 + 256x1 = 5,243,136
    expect(s.denseParameters).toBe(16_030_464);
    expect(s.interactionOut).toBe(26 * 128 + 128);
    expect(s.denseFlopsPerItem).toBe(2 * 16_030_464 + 3 * 3456 * 3);
    expect(m.serving?.p99LatencyMs?.value).toBe(60);
  });

  it('holds a production-scale model whose tables need more than one device', () => {
    const s = recommendationShape(getRecommendationModel('hugectr-180table-70b'));
    expect(s.tables).toBe(177);
    expect(s.embeddingParameters).toBe(66_332_812_800);
    expect(s.lookupsPerItem).toBe(14_450);
  });

  it('gives every accelerator an HBM access granularity with its source', () => {
    expect(getAccelerator('atlas-350').hbm.accessGranularityB?.value).toBe(128);
    expect(getAccelerator('ascend-950dt').hbm.accessGranularityB?.value).toBe(128);
    expect(getAccelerator('ascend-910b').hbm.accessGranularityB?.value).toBe(512);
    expect(getAccelerator('h100-sxm').hbm.accessGranularityB?.value).toBe(64);
    expect(getAccelerator('atlas-350').hbm.accessGranularityB?.source).toBe('S_guancha_atlas350');
  });

  it('fails when a model names a source sources.json does not list, pointing at the line', () => {
    const text = JSON.stringify(
      { recommendationModels: [{ ...listRecommendationModels()[0], source: 'S_nowhere' }] },
      null,
      2,
    );
    expect(() => parseRecommendationCatalog(text, 'models.json')).toThrow(/models\.json:\d+:\d+.*S_nowhere/s);
  });

  it('fails when a model id is unknown, listing the known ones', () => {
    expect(() => getRecommendationModel('dlrm-v9')).toThrow(/dlrm-v2/);
  });
});

describe('embedding gathers', () => {
  it('rounds every lookup up to the access granule', () => {
    expect(bytesMoved(64, 128)).toBe(128);
    expect(bytesMoved(64, 512)).toBe(512);
    expect(bytesMoved(256, 128)).toBe(256);
    expect(bytesMoved(257, 64)).toBe(320);
    expect(bytesMoved(0, 128)).toBe(0);
  });

  it('moves 512 bytes per item on a 128-byte granule and 2,048 on a 512-byte one for the same tables', () => {
    // a: 64-byte rows x 2 lookups; b: 128-byte rows x 2 lookups
    const replicated = (granuleB: number) =>
      planSharding({ ...sharding(1, 1e9, granuleB), strategy: 'replicated' }).devices[0]!;
    expect(replicated(128).hbmBytesMovedPerItem).toBe(2 * 128 + 2 * 128);
    expect(replicated(512).hbmBytesMovedPerItem).toBe(2 * 512 + 2 * 512);
    expect(replicated(64).hbmBytesMovedPerItem).toBe(2 * 64 + 2 * 128);
  });

  it('prices a gather as bytes moved over the random-access bandwidth plus one kernel', () => {
    const s = resolveRecommendation({
      accelerator: getAccelerator('atlas-350'),
      model: tiny,
      devices: 1,
      sharding: 'replicated',
      randomAccessEfficiency: 0.6,
    });
    // 1,000 items x 512 B / (1.4 TB/s x 0.6) + 4 us (Ascend fixed time per kernel)
    expect(batchTiming(s, 1000).gatherS).toBeCloseTo(512_000 / 0.84e12 + 4e-6, 12);
  });

  it('makes column-wise shards pay the granule on every slice', () => {
    const dlrm = getRecommendationModel('dlrm-v2');
    const column = (acc: string) =>
      resolveRecommendation({
        accelerator: getAccelerator(acc),
        model: dlrm,
        devices: 2,
        sharding: 'column-wise',
        embeddingPrecision: 'fp16',
      }).plan.devices[0]!;
    // 64 columns x 2 bytes = 128 bytes per slice: exact on a 128-byte granule, a quarter used on a 512-byte one
    expect(column('atlas-350').hbmBytesMovedPerItem).toBe(214 * 128);
    expect(column('ascend-910b').hbmBytesMovedPerItem).toBe(214 * 512);
  });
});

describe('sharding', () => {
  it('places whole tables largest first on the device with the least gather work', () => {
    const plan = planSharding({ ...sharding(2, 1e9), strategy: 'table-wise' });
    expect(plan.devices.map((d) => d.shards.map((s) => s.table))).toEqual([['a'], ['b[0]', 'b[1]']]);
    expect(plan.devices.map((d) => d.hbmBytesMovedPerItem)).toEqual([256, 256]);
    expect(plan.allToAll).toBe(true);
  });

  it('serves rows that do not fit from host memory, in proportion to the rows offloaded', () => {
    const d = planSharding({ ...sharding(1, 96_000), strategy: 'replicated' }).devices[0]!;
    // a fits (64,000), b[0] half (32,000 of 64,000), b[1] not at all
    expect(d.hbmTableBytes).toBe(96_000);
    expect(d.hostTableBytes).toBe(96_000);
    expect(d.hbmBytesMovedPerItem).toBe(2 * 128 + 0.5 * 128);
    expect(d.hostBytesMovedPerItem).toBe(0.5 * 128 + 128);
  });

  it('picks the first layout that fits: replicated, then table-wise, then row-wise', () => {
    expect(planSharding({ ...sharding(2, 1e9), strategy: 'auto' }).strategy).toBe('replicated');
    // 192,000 bytes do not fit 100,000 per device, whole tables pack 128,000 on one device, halves by rows 96,000
    const rows = planSharding({ ...sharding(2, 100_000), strategy: 'auto' });
    expect(rows.strategy).toBe('row-wise');
    expect(rows.offloaded).toBe(false);
    expect(rows.devices[0]!.hbmTableBytes).toBe(96_000);
  });

  it('fails when the pool has no devices', () => {
    expect(() => planSharding({ ...sharding(0, 1e9), strategy: 'auto' })).toThrow(SuperpodInputError);
  });
});

describe('serving', () => {
  it('gives the M/D/1 p99 wait in the heavy-traffic exponential form', () => {
    // mean wait rho D / (2 (1 - rho)) = 0.5; p99 = (0.5 / 0.5) ln(50)
    expect(md1P99WaitS(0.5, 1)).toBeCloseTo(Math.log(50), 12);
    expect(md1P99WaitS(0.005, 1)).toBe(0);
    expect(md1P99WaitS(1, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('at light load waits one host step for the running batch and one for its own', () => {
    const s = resolveRecommendation({
      accelerator: getAccelerator('atlas-350'),
      model: tiny,
      devices: 1,
      sharding: 'replicated',
    });
    const st = serverState(s, { queriesPerSecond: 100, itemsPerQuery: 10 }, 65_536);
    // 100 q/s x 10 items x 1.5 ms < 10 items: batches of one query; the tiny model's device time is microseconds,
    // so p99 = 2 x the Ascend step overhead (1.5 ms) plus well under 0.1 ms
    expect(st.batchItems).toBe(10);
    expect(st.p99LatencyS).toBeGreaterThan(3.0e-3);
    expect(st.p99LatencyS).toBeLessThan(3.1e-3);
  });

  it('fails when the offered rate needs more than the largest batch can serve', () => {
    const s = resolveRecommendation({ accelerator: getAccelerator('atlas-350'), model: tiny, devices: 1 });
    const st = serverState(s, { queriesPerSecond: 1e9, itemsPerQuery: 100 }, 1000);
    expect(st.feasible).toBe(false);
    expect(st.reason).toMatch(/largest batch \(1,000 items\)/);
  });
});

describe('predictRecommendation', () => {
  const dlrm = getRecommendationModel('dlrm-v2');

  it('fails when the dense layers ask for a format the accelerator does not run', () => {
    expect(() =>
      predictRecommendation(
        { accelerator: getAccelerator('atlas-350'), model: dlrm, devices: 8, densePrecision: 'int8' },
        { itemsPerQuery: 270, p99SloS: 0.06 },
      ),
    ).toThrow(/cannot run the dense layers in int8.*fp8/s);
  });

  it('fails when a dot interaction meets tables of different widths', () => {
    const bad = { ...tiny, interaction: { kind: 'dot' as const, ...p } };
    expect(() => recommendationShape(bad)).toThrow(/share one width/);
  });

  it('fails when the accelerator has no access granularity', () => {
    const acc = getAccelerator('atlas-350');
    const bare = { ...acc, hbm: { capacityGiB: acc.hbm.capacityGiB, bandwidthTBps: acc.hbm.bandwidthTBps } };
    expect(() =>
      predictRecommendation({ accelerator: bare, model: dlrm, devices: 1 }, { itemsPerQuery: 270, p99SloS: 0.06 }),
    ).toThrow(/access granularity/);
  });

  it('reports memory per device and advice when the tables do not fit the pool', () => {
    const r = predictRecommendation(
      { accelerator: getAccelerator('atlas-350'), model: getRecommendationModel('hugectr-180table-70b'), devices: 1 },
      { itemsPerQuery: 270, p99SloS: 0.06 },
    );
    expect(r.memory.fits).toBe(false);
    expect(r.memory.offloadedGB).toBeGreaterThan(0);
    expect(r.memory.advice).toMatch(/host memory; spread them over at least 2 devices, or store them/);
  });

  it('advises sharding, not more devices, when replicated tables spill: each device holds every table', () => {
    const r = predictRecommendation(
      {
        accelerator: getAccelerator('atlas-350'),
        model: getRecommendationModel('hugectr-180table-70b'),
        devices: 2,
        sharding: 'replicated',
      },
      { itemsPerQuery: 270, p99SloS: 0.06 },
    );
    expect(r.sharding).toBe('replicated');
    expect(r.memory.advice).toMatch(/host memory; shard them table-wise or row-wise over at least 2 devices, or store/);
  });

  it('says an Ascend 950 prediction is an extrapolation', () => {
    const r = predictRecommendation(
      { accelerator: getAccelerator('atlas-350'), model: dlrm, devices: 8, densePrecision: 'fp8' },
      { itemsPerQuery: 270, p99SloS: 0.06 },
    );
    expect(r.confidence.calibration).toBe('extrapolated');
    expect(r.timeBreakdown.reduce((t, s) => t + s.share, 0)).toBeCloseTo(1, 3);
  });
});

describe('planRecommendation', () => {
  it('sizes the smallest pool that holds the tables and prices it', () => {
    // 177 tables, 66.3e9 parameters x 2 bytes = 132.7 GB: more than one 112 GB Atlas 350, less than two
    const plan = planRecommendation({
      model: getRecommendationModel('hugectr-180table-70b'),
      queriesPerSecond: 1,
      itemsPerQuery: 100,
      p99SloS: 0.05,
      hardware: [{ accelerator: getAccelerator('atlas-350'), pricePerHour: 2 }],
    });
    const o = plan.options[0]!;
    expect(o.devicesPerInstance).toBe(2);
    expect(o.instances).toBe(1);
    expect(o.devices).toBe(2);
    // 2 devices x 2 per hour over 1 query/s x 3,600 s, per million
    expect(o.costPerMillionQueries).toBeCloseTo((4 / 3600) * 1e6, 6);
  });

  it('lists the options cheapest first', () => {
    const plan = planRecommendation({
      model: getRecommendationModel('dlrm-v2'),
      queriesPerSecond: 1,
      itemsPerQuery: 270,
      p99SloS: 0.06,
      hardware: [
        { accelerator: getAccelerator('h100-sxm'), pricePerHour: 100, embeddingPrecision: 'int8' },
        { accelerator: getAccelerator('atlas-350'), pricePerHour: 1, embeddingPrecision: 'int8' },
      ],
    });
    expect(plan.options.map((o) => [o.accelerator, o.devices, o.costPerHour])).toEqual([
      ['atlas-350', 1, 1],
      ['h100-sxm', 1, 100],
    ]);
  });

  it('fails when no hardware is given', () => {
    expect(() =>
      planRecommendation({
        model: getRecommendationModel('dlrm-v2'),
        queriesPerSecond: 1,
        itemsPerQuery: 270,
        p99SloS: 0.06,
        hardware: [],
      }),
    ).toThrow(/no hardware/);
  });
});

describe('validation against MLPerf Inference v4.1 DLRM-v2', () => {
  it('expresses every record', () => {
    for (const record of recommendationRecords()) expect(() => recommendationCase(record)).not.toThrow();
  });

  it('predicts Offline throughput within 25% MAPE', () => {
    const offline = runRecommendationValidation().byMetric.find((m) => m.metric === 'offline samples/s')!;
    expect(offline.n).toBe(2);
    expect(offline.mape).toBeLessThan(0.25);
  });
});
