/**
 * A full Atlas 950 SuperPoD: 8,192 Ascend 950DT NPUs in 1,024 nodes, 8 nodes (64 NPUs, one UB level-Y domain) in each
 * of 128 compute cabinets. The 32 interconnect cabinets carry no NPUs and are not modelled as racks here.
 * Used by `npm run bench` and as a starting point for whole-pod plans.
 */
import {
  App,
  Ascend950DTNode,
  Cooling,
  Current,
  Mass,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  SuperPodStack,
  UnifiedBusFabric,
  Voltage,
} from '../../src/index.ts';

// Estimates for unpublished figures, as in stacks/main.ts.
const NPU_POWER = Power.watts(900);
const HOST_POWER = Power.kilowatts(1.6);

const app = new App();
const stack = new SuperPodStack(app, 'atlas-950-superpod');
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
      acceleratorPower: NPU_POWER,
      hostPower: HOST_POWER,
      height: RackUnits.of(4),
      weight: Mass.kilograms(80),
    });
}
app.synth();
