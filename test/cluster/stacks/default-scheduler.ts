/**
 * The kinds the Volcano stacks do not emit: the small deploy stack under the default kube-scheduler (Indexed batch/v1
 * Job with its headless Service, no Queues, PodGroups or HyperNodes), with DRA and device-plugin pools, a
 * disaggregated service (Deployment, LeaderWorkerSet, Services, PDBs) and a training job. PLAIN_WITH_JOB=0 drops the
 * job (the prune test). The Atlas 350 servers carry UB mezzanine boards (350-Atlas-4p-8: two 4-card UB groups each),
 * and a small service claims 2 cards kept in one group (superpod.dev/ubGroup).
 */
import {
  App,
  Ascend950DTNode,
  Atlas350Server,
  Cooling,
  Current,
  DeviceAllocation,
  Duration,
  InferenceService,
  Model,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  SuperPodStack,
  TrainingJob,
  Voltage,
} from '../../../src/index.ts';

const app = new App();
const stack = new SuperPodStack(app, 'plain', { scheduler: 'default' });
const pod = new SuperPod(stack, 'pod-a', { index: 0 });
const rack = (id: string) =>
  new Rack800VDC(pod, id, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }),
    cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
    height: RackUnits.of(48),
    reserved: RackUnits.of(8),
  });
const prefill = rack('pr-rack');
for (let i = 0; i < 2; i++)
  new Atlas350Server(prefill, `pr-${i}`, {
    role: 'prefill',
    pool: 'pr',
    ubMezzanine: true,
    height: RackUnits.of(4),
    deviceAllocation: DeviceAllocation.DRA,
  });
const decode = rack('dt-rack');
for (let i = 0; i < 8; i++)
  new Ascend950DTNode(decode, `dt-${i}`, {
    role: 'decode',
    pool: 'dt',
    acceleratorPower: Power.watts(900),
    hostPower: Power.kilowatts(1.6),
    height: RackUnits.of(4),
  });
new InferenceService(stack, 'svc', {
  model: Model.DEEPSEEK_V3,
  prefill: {
    pool: 'pr',
    replicas: 2,
    parallelism: { tp: 4, dp: 2, ep: 8 },
  },
  decode: { pool: 'dt', replicas: 1, parallelism: { dp: 64, ep: 64 } },
  slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) },
  traffic: { requestsPerSecond: 4, inputTokens: 4096, outputTokens: 1024 },
  namespace: 'inference',
  container: { image: 'registry.example.com/serving/mindie:2.1.0' },
});
new InferenceService(stack, 'small', {
  model: Model.LLAMA_3_1_8B,
  decode: { pool: 'pr', replicas: 1, parallelism: { tp: 2 } },
  slo: { timeToFirstToken: Duration.seconds(2), timePerOutputToken: Duration.milliseconds(50) },
  traffic: { requestsPerSecond: 1, inputTokens: 1024, outputTokens: 256 },
  namespace: 'inference',
  container: { image: 'registry.example.com/serving/mindie:2.1.0' },
});
if (process.env.PLAIN_WITH_JOB !== '0')
  new TrainingJob(stack, 'sft', {
    pool: 'dt',
    replicas: 8,
    raBlock: 64,
    namespace: 'training',
    container: { image: 'registry.example.com/training/mindspeed:2.1.0' },
  });
app.synth();
