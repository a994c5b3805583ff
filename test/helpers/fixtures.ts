import { App as CdktfApp } from 'cdktf';
import {
  Ascend950DTNode,
  Atlas350Server,
  Cooling,
  Current,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  SuperPod,
  Voltage,
} from '../../constructs/index.ts';
import { SuperPodStack } from '../../src/terraform/superpod-stack.ts';

/** A cdktf App in a throwaway directory that never writes output unless asked. */
export function testStack(id = 'test', props: ConstructorParameters<typeof SuperPodStack>[2] = {}) {
  const app = new CdktfApp({ outdir: '/tmp/superpod-test-unused', skipValidation: true });
  return new SuperPodStack(app, id, props);
}

export function liquidRack(pod: SuperPod, id: string, opts: { reservedU?: number; heightU?: number } = {}) {
  return new Rack800VDC(pod, id, {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }),
    cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
    height: RackUnits.of(opts.heightU ?? 48),
    reserved: RackUnits.of(opts.reservedU ?? 8),
  });
}

/** A small slice: one decode rack of 950DT nodes and one prefill rack of Atlas 350 servers. */
export function smallSlice(id = 'slice') {
  const stack = testStack(id);
  const pod = new SuperPod(stack, 'pod-a');
  const decode = liquidRack(pod, 'rack-01');
  for (let i = 0; i < 4; i++)
    new Ascend950DTNode(decode, `dt-${i}`, {
      role: 'decode',
      acceleratorPower: Power.watts(900),
      hostPower: Power.kilowatts(1.6),
      height: RackUnits.of(4),
    });
  const prefill = liquidRack(pod, 'rack-02');
  for (let i = 0; i < 2; i++)
    new Atlas350Server(prefill, `pr-${i}`, { cards: 8, role: 'prefill', height: RackUnits.of(4) });
  return { stack, pod, decode, prefill };
}
