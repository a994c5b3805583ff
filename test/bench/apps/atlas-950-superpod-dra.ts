/**
 * Bench app: the full Atlas 950 SuperPoD of stacks/examples/atlas-950-superpod.ts (1,024 nodes, 8,192 NPUs) with
 * every node on DRA (1,024 ResourceSlices, the worst case for synth and for Terraform's for_each), a decode service
 * of 64 rack-sized LeaderWorkerSet instances (4,096 NPUs) and a 512-node training job.
 */
import {
  App,
  Ascend950DTNode,
  Cooling,
  Current,
  DeviceAllocation,
  Duration,
  InferenceService,
  Mass,
  Model,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  SuperPodStack,
  TrainingJob,
  UnifiedBusFabric,
  Voltage,
} from '../../../src/index.ts';

const app = new App();
const stack = new SuperPodStack(app, 'atlas-950-superpod-dra');
const pod = new SuperPod(stack, 'pod-0', { fabric: UnifiedBusFabric.atlas950(), index: 0, pue: 1.15 });
for (let r = 0; r < 128; r++) {
  const rack = new Rack800VDC(pod, `rack-${String(r).padStart(3, '0')}`, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150), redundancy: 'a-b' }),
    cooling: Cooling.directLiquid({
      liquidCapacity: Power.kilowatts(90),
      airCapacity: Power.kilowatts(20),
      coolantClass: 'W32',
    }),
    height: RackUnits.of(48),
    reserved: RackUnits.of(8),
  });
  for (let n = 0; n < 8; n++)
    new Ascend950DTNode(rack, `dt-${n}`, {
      role: 'decode',
      pool: 'dt',
      acceleratorPower: Power.watts(900),
      hostPower: Power.kilowatts(1.6),
      height: RackUnits.of(4),
      weight: Mass.kilograms(80),
      deviceAllocation: DeviceAllocation.DRA,
    });
}
new InferenceService(stack, 'deepseek-v3', {
  model: Model.DEEPSEEK_V3,
  decode: { pool: 'dt', replicas: 64, parallelism: { dp: 64, ep: 64 } },
  slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) },
  traffic: { requestsPerSecond: 400, inputTokens: 4096, outputTokens: 1024 },
  namespace: 'inference',
  container: { image: 'registry.example.com/serving/deepseek-v3-mindie:2.1.0' },
});
new TrainingJob(stack, 'pretrain', {
  pool: 'dt',
  replicas: 512,
  raBlock: 64,
  namespace: 'training',
  container: { image: 'registry.example.com/training/mindspeed-llm:2.1.0' },
});
app.synth();
