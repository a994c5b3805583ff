import { describe, expect, it } from 'vitest';
import {
  Atlas350Server,
  Cooling,
  Current,
  Duration,
  HeatRejection,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  RecommendationModel,
  RecommendationService,
  SuperPod,
  Voltage,
} from '../../constructs/index.ts';
import { builtInPacks } from '../../policies/index.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { ServicePredictions } from '../../src/perf/index.ts';
import { type CheckReport, findingLine, type PolicyConfig, runChecks } from '../../src/policy/index.ts';
import { inventoryWater } from '../../src/water/index.ts';
import { recommendationHall, recommendationProps } from '../helpers/recommendation.ts';

function checked(inventory: Inventory, config: PolicyConfig = {}) {
  const predictions = new ServicePredictions(inventory);
  return { report: runChecks(inventory, { packs: builtInPacks, config, predictions }), predictions };
}

const statusOf = (report: CheckReport, ruleId: string) =>
  report.evaluations.filter((e) => e.ruleId === ruleId).map((e) => e.status);
const open = (report: CheckReport) =>
  report.findings
    .filter((f) => !f.suppressed)
    .map((f) => f.ruleId)
    .sort();
const finding = (report: CheckReport, ruleId: string) => {
  const found = report.findings.find((f) => f.ruleId === ruleId);
  if (!found) throw new Error(`no ${ruleId} finding; open: ${open(report).join(', ') || 'none'}`);
  return found;
};

/** The hall of 4 Atlas 350 servers with one recommendation service. */
function serving(overrides: Parameters<typeof recommendationProps>[0] = {}, config: PolicyConfig = {}) {
  const { stack } = recommendationHall();
  new RecommendationService(stack, 'dlrm', recommendationProps(overrides));
  return checked(stack.inventory(), config);
}

const HUGECTR = {
  model: RecommendationModel.HUGECTR_180TABLE_70B,
  precision: {},
  traffic: { queriesPerSecond: 200, samplesPerQuery: 270 },
};

describe('MEM-003 embedding tables fit the HBM of each replica', () => {
  it('passes DLRM-v2 with fp16 rows (52 GB) on one 112 GB card per replica, and reads the prediction made once', () => {
    const { report, predictions } = serving();
    expect(statusOf(report, 'MEM-003')).toEqual(['pass']);
    expect(open(report)).toEqual([]);
    const service = predictions.inventory.workloads[0]!;
    if (service.kind !== 'recommendation-service') throw new Error('not a recommendation service');
    // The rules asked for the prediction; the same object comes back, so the report shows what the rules judged.
    expect(predictions.recommendation(service)).toBe(predictions.recommendation(service));
  });

  it('fails when HugeCTR’s 180 tables (133 GB in fp16) are put on one card per replica, naming the tables and the fix', () => {
    const { report } = serving(HUGECTR);
    expect(open(report)).toEqual(['MEM-003']);
    const f = finding(report, 'MEM-003');
    // The Atlas 350 holds 112 GiB = 120,259,084,288 B, 8.26 GB more than 112e9 B. Against 112e9 B the overflow was
    // group_14's 32.0 GB plus a few tens of MB of group_13; 8.26 GB more HBM takes all of group_13 and 8.26 GB of
    // group_14 back, leaving 32.0 + 0.0x - 8.26 = 23.8 GB of group_14 in host memory.
    expect(f.message).toBe(
      'the embedding tables (132.7 GB) do not fit the HBM of 1 x atlas-350 (row-wise, fp16 rows): table group_14: 23.8 GB in host memory',
    );
    expect(f.fix).toBe(
      'spread the tables over at least 2 devices per replica (devicesPerReplica), store the rows in a narrower format (precision.embeddings, e.g. int8), or allow hostOffload: true to serve the rows from host memory',
    );
    expect(f.data).toMatchObject({ devicesNeeded: 2, embeddingGB: 132.666 });
    // SLO-003 does not pile on: MEM-003 says why the service cannot run as configured.
    expect(statusOf(report, 'SLO-003')).toEqual(['not-evaluated']);
  });

  it('names the three table groups with most rows in host memory and counts the rest, in fp32 on one card', () => {
    const { report } = serving({ ...HUGECTR, precision: { embeddings: 'fp32' } });
    const f = finding(report, 'MEM-003');
    // fp32 doubles the 132.666 GB of fp16 rows: 265.331 GB; 90% of a 112 GiB card (120.26 GB) holds 108.2 GB, so
    // ceil(265.331 / 108.23) = 3 devices
    expect(f.message).toBe(
      'the embedding tables (265.3 GB) do not fit the HBM of 1 x atlas-350 (row-wise, fp32 rows): table group_14: 64.0 GB in host memory, group_12 (40 tables): 41.0 GB in host memory, group_7 (20 tables): 25.7 GB in host memory and 5 more table groups',
    );
    expect(f.data).toMatchObject({ table: 'group_14', embeddingGB: 265.331, devicesNeeded: 3 });
    expect(f.fix).toMatch(/^spread the tables over at least 3 devices per replica/);
  });

  it('asks for table-wise or row-wise sharding when replicated tables spill: more copies add no room', () => {
    const { report } = serving({ ...HUGECTR, devicesPerReplica: 2, sharding: 'replicated' });
    const f = finding(report, 'MEM-003');
    expect(f.message).toMatch(/do not fit the HBM of 2 x atlas-350 \(replicated, fp16 rows\): table group_14: /);
    expect(f.fix).toBe(
      'shard the tables table-wise or row-wise (sharding) over at least 2 devices per replica (devicesPerReplica), store the rows in a narrower format (precision.embeddings, e.g. int8), or allow hostOffload: true to serve the rows from host memory',
    );
    // the same two cards, table-wise, hold them (below)
  });

  it('passes the same tables with hostOffload allowed, and SLO-003 then judges the slower host gathers', () => {
    const { report } = serving({ ...HUGECTR, hostOffload: true });
    expect(statusOf(report, 'MEM-003')).toEqual(['pass']);
    expect(statusOf(report, 'SLO-003')).toEqual(['pass']);
  });

  it('passes them spread table-wise over 2 cards per replica', () => {
    const { report } = serving({ ...HUGECTR, devicesPerReplica: 2, sharding: 'table-wise' });
    expect(statusOf(report, 'MEM-003')).toEqual(['pass']);
  });

  it('fails when the perf model cannot deploy the service (dense layers in a format the card does not run)', () => {
    const { report } = serving({ precision: { dense: 'nvfp4' } });
    expect(open(report)).toEqual(['MEM-003']);
    expect(findingLine(finding(report, 'MEM-003'))).toMatch(
      /^MEM-003 service dlrm: the perf model cannot deploy the service as configured: cannot run the dense layers in nvfp4 — choose one of the formats it executes: /,
    );
    expect(report.evaluations.find((e) => e.ruleId === 'SLO-003')).toMatchObject({
      status: 'not-evaluated',
      reason: 'the perf model cannot deploy the service (MEM-003)',
    });
  });

  it('is not applicable when the pool has no nodes (K8S-005 reports the pool)', () => {
    const { report } = serving({ pool: 'nowhere' });
    expect(statusOf(report, 'MEM-003')).toEqual([]);
    expect(statusOf(report, 'SLO-003')).toEqual([]);
    expect(open(report)).toEqual(['K8S-005']);
  });
});

describe('SLO-003 predicted p99 of a recommendation service meets the SLO', () => {
  it('passes 20,000 queries/s over 4 replicas (each carries ~14,000 within 60 ms)', () => {
    expect(statusOf(serving().report, 'SLO-003')).toEqual(['pass']);
  });

  it('fails when 100,000 queries/s are offered to 4 replicas, and names the replicas needed', () => {
    const { report } = serving({ traffic: { queriesPerSecond: 100_000, samplesPerQuery: 270 } });
    expect(open(report)).toEqual(['SLO-003']);
    const f = finding(report, 'SLO-003');
    expect(f.message).toMatch(/^the replicas cannot serve 100,000 queries\/s of 270 samples over 4 replicas: /);
    expect(f.fix).toMatch(
      /^use at least 7 replicas \(each carries 14,4\d\d queries\/s within the SLO\), or lower the load$/,
    );
    expect(f.data).toMatchObject({ replicasNeeded: 7, p99SloMs: 60 });
  });

  it('fails when the SLO is tighter than a batch interval and its run (3 ms), with the confidence of the figure', () => {
    const { report } = serving({ slo: { p99: Duration.milliseconds(3) } });
    expect(open(report)).toEqual(['SLO-003']);
    const f = finding(report, 'SLO-003');
    expect(f.message).toMatch(
      /^predicted p99 4\.\d+ ms at 20,000 queries\/s of 270 samples over 4 replicas exceeds the SLO of 3 ms \(confidence estimated, weakest input randomAccessEfficiency, calibration extrapolated\)$/,
    );
    expect(f.fix).toBe(
      'even the lightest load misses the SLO: spread the tables over more devices, or use faster accelerators',
    );
    const { predictions } = serving({ slo: { p99: Duration.milliseconds(3) } });
    const service = predictions.inventory.workloads[0]!;
    if (service.kind !== 'recommendation-service') throw new Error('not a recommendation service');
    const outcome = predictions.recommendation(service);
    if (outcome.kind !== 'predicted') throw new Error(outcome.kind);
    // the figure the message rounds, in the data
    expect(f.data).toMatchObject({ p99SloMs: 3, replicasNeeded: 0, p99Ms: outcome.prediction.replica.server.p99Ms });
  });
});

describe('COOL-007 site water within its budget', () => {
  const hall = (air?: HeatRejection) => {
    const { stack } = recommendationHall(air ? { heatRejection: { air } } : {});
    new RecommendationService(stack, 'dlrm', recommendationProps());
    return stack.inventory();
  };
  const budget = (litresPerHour: number): PolicyConfig => ({
    parameters: { 'cooling.siteWaterBudgetLitresPerHour': litresPerHour },
  });

  it('does not apply without a budget', () => {
    const { report } = checked(hall(HeatRejection.evaporativeTower()));
    expect(statusOf(report, 'COOL-007')).toEqual([]);
    expect(open(report)).toEqual([]);
  });

  it('passes a hall whose air heat leaves through dry coolers (no water) under any budget', () => {
    expect(statusOf(checked(hall(HeatRejection.dryCooler()), budget(1)).report, 'COOL-007')).toEqual(['pass']);
  });

  it('fails when a wet tower behind chillers uses more than the hourly budget', () => {
    const { report } = checked(hall(HeatRejection.evaporativeTower({ chillerCop: 5 })), budget(50));
    expect(open(report)).toEqual(['COOL-007']);
    const f = finding(report, 'COOL-007');
    // 4 servers x 8.64 kW = 34.6 kW of air heat, x (1 + 1/5) through the tower at 1.481 x 0.85 x 4/3 = 1.68 L/kWh.
    expect(f.message).toBe(
      "the site's cooling water (WUE 2.01 L/kWh): 69.6 L per hour at load exceeds the budget of 50.0 L per hour",
    );
    expect(f.data).toMatchObject({ budgetLitresPerHour: 50 });
  });

  it('fails when the yearly budget is exceeded', () => {
    const { report } = checked(hall(HeatRejection.evaporativeTower()), {
      parameters: { 'cooling.siteWaterBudgetLitresPerYear': 100_000 },
    });
    expect(finding(report, 'COOL-007').message).toMatch(/per year exceeds the budget of 100,000 L per year$/);
  });

  it('passes at exactly its hourly budget and fails a hair below it', () => {
    const inventory = hall(HeatRejection.evaporativeTower({ chillerCop: 5 }));
    const used = inventoryWater(inventory).litresPerHour;
    expect(statusOf(checked(inventory, budget(used)).report, 'COOL-007')).toEqual(['pass']);
    expect(statusOf(checked(inventory, budget(used * (1 - 1e-9))).report, 'COOL-007')).toEqual(['fail']);
  });

  it('names both budgets when both are exceeded, and gives each in its data', () => {
    const inventory = hall(HeatRejection.evaporativeTower({ chillerCop: 5 }));
    const { litresPerHour, litresPerYear } = inventoryWater(inventory);
    const { report } = checked(inventory, {
      parameters: { 'cooling.siteWaterBudgetLitresPerHour': 50, 'cooling.siteWaterBudgetLitresPerYear': 100_000 },
    });
    const f = finding(report, 'COOL-007');
    // 69.63 L per hour x 8,760 h = 609,976 L a year, in whole litres
    expect(f.message).toBe(
      "the site's cooling water (WUE 2.01 L/kWh): 69.6 L per hour at load exceeds the budget of 50.0 L per hour; 609,976 L per year exceeds the budget of 100,000 L per year",
    );
    expect(f.data).toEqual({ litresPerHour, litresPerYear, budgetLitresPerHour: 50, budgetLitresPerYear: 100_000 });
    const yearOnly = checked(inventory, { parameters: { 'cooling.siteWaterBudgetLitresPerYear': 100_000 } });
    expect(finding(yearOnly.report, 'COOL-007').data).toEqual({
      litresPerHour,
      litresPerYear,
      budgetLitresPerYear: 100_000,
    });
  });

  it('says "at least" when a second hall names no plant, and names that hall when the known ones fit', () => {
    const { stack } = recommendationHall({ heatRejection: { air: HeatRejection.evaporativeTower({ chillerCop: 5 }) } });
    new RecommendationService(stack, 'dlrm', recommendationProps());
    const second = new SuperPod(stack, 'hall-b', { pue: 1.25 });
    const rack = new Rack800VDC(second, 'rack-0', {
      power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100) }),
      cooling: Cooling.air({ capacity: Power.kilowatts(40) }),
    });
    new Atlas350Server(rack, 'pr-0', { cards: 8, role: 'prefill', pool: 'rec-b', height: RackUnits.of(4) });
    const inventory = stack.inventory();
    const over = finding(checked(inventory, budget(50)).report, 'COOL-007');
    expect(over.message).toBe(
      "the site's cooling water (WUE 2.01 L/kWh): at least 69.6 L per hour at load exceeds the budget of 50.0 L per hour",
    );
    const within = checked(inventory, budget(1_000)).report.evaluations.find((e) => e.ruleId === 'COOL-007');
    expect(within).toMatchObject({
      status: 'not-evaluated',
      reason:
        "no heat-rejection plant for SuperPoD hall-b (the air path's plant (heatRejection.air)); the known halls use 69.6 L per hour; set heatRejection on the SuperPod",
    });
  });

  it('is not evaluated when a hall carrying heat names no plant', () => {
    const { report } = checked(hall(), budget(1_000));
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-007')).toMatchObject({
      status: 'not-evaluated',
      reason: expect.stringMatching(
        /^no heat-rejection plant for SuperPoD hall \(the air path's plant \(heatRejection\.air\)\)/,
      ),
    });
  });
});
