/**
 * The embedded reference deployment: a prefill/decode slice of an Atlas 950 SuperPoD.
 *
 *  - 4 decode racks of Ascend 950DT nodes. Atlas 950 puts 64 NPUs in a compute cabinet (8,192 NPUs / 128 compute
 *    cabinets), i.e. 8 nodes of 8 NPUs: one UB level-Y domain per rack. 4 racks = 256 NPUs.
 *  - 3 prefill racks of Atlas 350 servers (Ascend 950PR, PCIe tier), 8 cards per server, 4 servers per rack = 96 cards.
 *    Prefill is compute-bound, so the cheaper HiBL 1.0 950PR parts take it; decode is bandwidth-bound and gets the
 *    950DT's 4 TB/s HiZQ 2.0 memory.
 *
 * The Atlas 350 servers are PCIe card servers (MindCluster `350-Atlas-8`, chip1-node8), not SuperPoD nodes: they are
 * on no UB level of the Atlas 950 SuperPoD and reach it over RoCE. They stand in their own hall (`pcie-a`), joined
 * to the SuperPoD (`pod-a`) in a SuperCluster whose inter-pod link carries the KV cache from prefill to decode.
 *
 * Numbers Huawei has not published are inputs here, marked "estimate" with the reasoning next to them.
 *
 * On it run one disaggregated DeepSeek-V3 service (prefill on the Atlas 350 servers, decode on the 950DT racks) and
 * one training job on whole 950DT racks. The prefill pool hands out its cards with DRA (ResourceSlices carrying the
 * UB coordinates); the 950DT pool keeps the Ascend device plugin, because Volcano's Ascend plugin, which places the
 * training job's `ra-block`s, schedules `huawei.com/npu` requests.
 */
import {
  App,
  Ascend950DTNode,
  Atlas350Server,
  Bandwidth,
  Cooling,
  Current,
  DeviceAllocation,
  Duration,
  InferenceService,
  InterPodLink,
  Mass,
  Memory,
  Model,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperCluster,
  SuperPod,
  SuperPodStack,
  TrainingJob,
  UnifiedBusFabric,
  Voltage,
} from '../src/index.ts';

// Estimate: 950DT TDP is unpublished. The Atlas 350 card (950PR, PCIe tier, lower clocks, 1.4 TB/s) is 600 W; the
// server-tier 950DT with 4 TB/s HBM is taken 1.5x that. Cross-check: CloudMatrix384 runs ~1.46 kW per 910C all-in.
const DT_NPU_POWER = Power.watts(900);
// Estimate: host share of a liquid-cooled 8-NPU node (CPUs, DDR, NICs, UB switch ports, fans, PSU loss). hardware.md §8:
// liquid trays run at 1.1-1.2x accelerator power, DGX-class air nodes at ~1.8x; 1.6 kW on 7.2 kW of NPUs is 1.22x.
const DT_HOST_POWER = Power.kilowatts(1.6);
// Estimates: chassis height and mass are unpublished for both node types. 8 liquid-cooled 950DT nodes must fit a
// cabinet with its UB switches (64 NPUs per cabinet), so 4U each; 8 double-width PCIe cards also take a 4U chassis.
const DT_HEIGHT = RackUnits.of(4);
const DT_WEIGHT = Mass.kilograms(80);
const PR_HEIGHT = RackUnits.of(4);
const PR_WEIGHT = Mass.kilograms(60);

const app = new App();
const stack = new SuperPodStack(app, 'pd-slice', { scheduler: 'volcano' });
// Estimate: one 400 Gb/s RoCE port per Atlas 350 card, as CloudMatrix384 gives each NPU 400 Gb/s of RoCE.
const cluster = new SuperCluster(stack, 'site', {
  interPodLink: InterPodLink.roce({ bandwidthPerNpu: Bandwidth.gigabitsPerSecond(400) }),
});
// A liquid-cooled hall; annual PUE 1.15 is typical of new direct-liquid sites (hardware.md §7: hyperscale 1.1-1.2).
// The budget check needs the peak: designPue is this example hall's design-day figure (an input from the hall's
// mechanical design; assumed 1.3 here, above the annual 1.15 because dry-coolers and pumps run hardest then).
// Huawei publishes no power for the UB switches or interconnect cabinets: the two figures below are this example's
// estimates (a few switch chassis per rack; this 7-rack slice's share of the interconnect cabinets) - use your own.
const pod = new SuperPod(cluster, 'pod-a', {
  fabric: UnifiedBusFabric.atlas950(),
  index: 0,
  pue: 1.15,
  designPue: 1.3,
  facilityPowerBudget: Power.megawatts(1),
  switchPowerPerRack: Power.kilowatts(2),
  interconnectPower: Power.kilowatts(20),
});
// The Atlas 350 card servers' hall: no SuperPoD nodes, so no UB level beyond each server. Same PUE; its budget covers
// 3 racks x 34.6 kW x 1.15 = 119 kW with room for the hall to grow.
// Its ToR switches are this example's estimate like pod-a's; a card hall has no UB interconnect cabinets.
const cardHall = new SuperPod(cluster, 'pcie-a', {
  index: 1,
  pue: 1.15,
  designPue: 1.3,
  facilityPowerBudget: Power.kilowatts(250),
  switchPowerPerRack: Power.kilowatts(2),
  interconnectPower: Power.kilowatts(0),
});

// Decode racks: 800 VDC busbar rated 150 A -> 120 kW, 96 kW usable at the 80% continuous-load derating.
// IT load: 8 nodes x (8 x 900 W + 1.6 kW) = 70.4 kW. Liquid takes 80% (56 kW) of the 90 kW loop; air the other 14 kW.
// The four racks share one in-row CDU: 4 x 56.3 kW = 225 kW of liquid heat on a CDU sized at 300 kW (an input: CDU
// capacities are vendor specific, hardware.md §7).
for (let r = 0; r < 4; r++) {
  const rack = new Rack800VDC(pod, `decode-rack-${r}`, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150), redundancy: 'a-b' }),
    cooling: Cooling.directLiquid({
      liquidCapacity: Power.kilowatts(90),
      airCapacity: Power.kilowatts(20),
      coolantClass: 'W32',
      cdu: 'cdu-row-a',
      cduCapacity: Power.kilowatts(300),
    }),
    height: RackUnits.of(48),
    // UB level-Y switches (LRS), power shelves and the cable tray take the bottom 8U.
    reserved: RackUnits.of(8),
  });
  for (let n = 0; n < 8; n++) {
    new Ascend950DTNode(rack, `dt-${n}`, {
      role: 'decode',
      acceleratorPower: DT_NPU_POWER,
      hostPower: DT_HOST_POWER,
      height: DT_HEIGHT,
      weight: DT_WEIGHT,
    });
  }
}

// Prefill racks: Atlas 350 servers are air-cooled. 4 servers x (8 x 600 W cards + 3.84 kW host, the catalogue's
// estimate from the DGX host ratio: likely high for a PCIe-card server, so conservative here) = 34.6 kW per rack.
// Room air tops out near 30 kW a rack (hardware.md §7), so these racks carry a 40 kW rear-door heat exchanger
// (usual RDHx band 30-80 kW). 800 VDC x 100 A = 80 kW, 64 kW usable.
for (let r = 0; r < 3; r++) {
  const rack = new Rack800VDC(cardHall, `prefill-rack-${r}`, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100), redundancy: 'a-b' }),
    cooling: Cooling.air({ capacity: Power.kilowatts(40), airClass: 'A2', rearDoorHeatExchanger: true }),
    height: RackUnits.of(48),
    reserved: RackUnits.of(6),
  });
  for (let n = 0; n < 4; n++) {
    new Atlas350Server(rack, `pr-${n}`, {
      cards: 8,
      role: 'prefill',
      height: PR_HEIGHT,
      weight: PR_WEIGHT,
      deviceAllocation: DeviceAllocation.DRA,
    });
  }
}

// The serving image is yours to set: a MindIE or vLLM-Ascend build with the DeepSeek-V3 weights mounted or baked in.
const SERVING_IMAGE = 'registry.example.com/serving/deepseek-v3-mindie:2.1.0';

// DeepSeek-V3 (671B total, 37B active, MLA + 256 routed experts), FP8 weights as published.
//  - Prefill: one instance per Atlas 350 server, 8 cards: 671 GB of FP8 weights / 8 = 84 GB of the 112 GB per card,
//    attention split tp 4 x dp 2, experts over all 8 cards (ep 8). 12 servers -> 12 instances.
//  - Decode: one instance per 950DT rack, 64 NPUs (one UB level-Y domain, 8 nodes -> a LeaderWorkerSet of 8 pods):
//    data-parallel attention (dp 64) and 4 routed experts per NPU (ep 64) leave ~120 GB of the 144 GB for KV cache.
//    Two racks serve; the other two run the training job below.
new InferenceService(stack, 'deepseek-v3', {
  model: Model.DEEPSEEK_V3,
  precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
  prefill: { pool: 'atlas-350-server-prefill', replicas: 12, parallelism: { tp: 4, dp: 2, ep: 8 } },
  decode: { pool: 'ascend-950dt-node-decode', replicas: 2, parallelism: { tp: 1, dp: 64, ep: 64 }, maxBatch: 512 },
  slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) },
  traffic: { requestsPerSecond: 20, inputTokens: 4096, outputTokens: 1024 },
  namespace: 'inference',
  queue: 'serving',
  container: { image: SERVING_IMAGE, startupTimeout: Duration.minutes(40) },
});

// Post-training of Qwen3-32B on two whole 950DT racks (16 nodes x 8 NPUs = 128): ra-block 64 keeps each 64-NPU block
// of the job inside one rack's UB domain, so tensor- and pipeline-parallel traffic never leaves UB level Y.
new TrainingJob(stack, 'qwen3-32b-sft', {
  pool: 'ascend-950dt-node-decode',
  replicas: 16,
  npusPerPod: 8,
  model: Model.QWEN3_32B,
  parallelism: { tp: 8, pp: 2, dp: 8 },
  raBlock: 64,
  namespace: 'training',
  queue: 'training',
  container: {
    image: 'registry.example.com/training/mindspeed-llm:2.1.0',
    command: ['/bin/bash', '-c', 'torchrun --nproc-per-node 8 train.py'],
    memory: Memory.gibibytes(768),
  },
});

app.synth();
