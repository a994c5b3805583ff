/**
 * A recommendation example: MLPerf DLRM-v2 served on Atlas 350 prefill servers (Ascend 950PR cards, PCIe tier), the
 * job the 950PR was built for besides prefill: its 128-byte HBM access granularity suits the small random reads of
 * embedding lookups.
 *
 *  - One air-cooled card hall of 2 racks, 4 Atlas 350 servers of 8 cards each per rack: 64 cards.
 *  - DLRM-v2 (26 tables, 204M rows x 128) with fp16 rows: 52 GB of tables, so one 112 GB card holds a whole replica
 *    (replicated layout, no all-to-all). 48 replicas carry 400,000 queries/s of 270 samples (108M recommendations/s)
 *    at the MLPerf p99 bound of 60 ms; 16 cards stay free for growth.
 *
 * The reference stack (stacks/main.ts) is left unchanged: its prefill servers are all taken by DeepSeek-V3, and its
 * object count and goldens are what other checks hold on to. Numbers Huawei has not published are inputs marked
 * "estimate", as in stacks/main.ts.
 */
import {
  App,
  Atlas350Server,
  Cooling,
  Current,
  Duration,
  HeatRejection,
  Mass,
  Memory,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  RecommendationModel,
  RecommendationService,
  SuperPod,
  SuperPodStack,
  Voltage,
} from '../../src/index.ts';

const app = new App();
const stack = new SuperPodStack(app, 'recommendation', { scheduler: 'volcano' });
// A card hall: Atlas 350 servers sit on no UB level beyond their own server. Annual PUE 1.25 and design-day 1.4 are
// this example's inputs for an air-cooled hall with chillers (estimate). Its rear-door coils feed chillers (COP 5,
// estimate) that reject to a wet cooling tower at the default 4 cycles of concentration: about 2.0 L per kWh of IT.
const hall = new SuperPod(stack, 'card-hall', {
  index: 0,
  pue: 1.25,
  designPue: 1.4,
  facilityPowerBudget: Power.kilowatts(150),
  switchPowerPerRack: Power.kilowatts(2),
  interconnectPower: Power.kilowatts(0),
  heatRejection: { air: HeatRejection.evaporativeTower({ chillerCop: 5 }) },
});

// 4 servers x (8 x 600 W cards + 3.84 kW host, the catalogue's estimate) = 34.6 kW a rack, on a 40 kW rear-door heat
// exchanger; 800 VDC x 100 A = 80 kW, 64 kW usable.
for (let r = 0; r < 2; r++) {
  const rack = new Rack800VDC(hall, `rec-rack-${r}`, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100), redundancy: 'a-b' }),
    cooling: Cooling.air({ capacity: Power.kilowatts(40), airClass: 'A2', rearDoorHeatExchanger: true }),
    height: RackUnits.of(48),
    reserved: RackUnits.of(6),
  });
  for (let n = 0; n < 4; n++) {
    // Estimates: chassis height and mass are unpublished (8 double-width PCIe cards take a 4U chassis).
    new Atlas350Server(rack, `pr-${n}`, {
      cards: 8,
      role: 'prefill',
      height: RackUnits.of(4),
      weight: Mass.kilograms(60),
    });
  }
}

new RecommendationService(stack, 'dlrm-v2', {
  model: RecommendationModel.DLRM_V2,
  pool: 'atlas-350-server-prefill',
  replicas: 48,
  devicesPerReplica: 1,
  sharding: 'replicated',
  precision: { embeddings: 'fp16', dense: 'bf16' },
  traffic: { queriesPerSecond: 400_000, samplesPerQuery: 270 },
  slo: { p99: Duration.milliseconds(60) },
  namespace: 'recommendation',
  queue: 'serving',
  // The serving image is yours to set: a TorchRec or HugeCTR-style server built for the Ascend 950PR.
  container: { image: 'registry.example.com/serving/dlrm-v2-ascend:1.0.0', memory: Memory.gibibytes(96) },
});

app.synth();
