import { describe, expect, it } from 'vitest';
import { getAccelerator, listAccelerators } from '../../src/catalog/index.ts';
import { hardwareProfile } from '../../src/perf/hardware.ts';
import { objectsOf, pdSlice } from '../k8s/fixtures.ts';

/** Domain audit C4: vendor HBM "GB" are binary; the perf model and DRA must count the same bytes. */
describe('HBM capacity units', () => {
  it('counts the Atlas 350 HBM as the CANN ini does: 112 GiB = 120,259,084,288 bytes', () => {
    expect(hardwareProfile(getAccelerator('atlas-350')).hbmBytes).toBe(120_259_084_288);
  });

  it('counts every accelerator HBM "GB" as 2^30 bytes', () => {
    for (const a of listAccelerators()) {
      const gb = a.hbm.capacityGB.value;
      if (gb === null || a.hbm.bandwidthTBps.value === null) continue;
      expect(hardwareProfile(a).hbmBytes, a.id).toBe(gb * 2 ** 30);
    }
  });

  it('agrees with the memory capacity a DRA ResourceSlice publishes for the same device', () => {
    const slice = objectsOf(pdSlice().stack).find((o) => o.kind === 'ResourceSlice') as unknown as {
      spec: { devices: Array<{ capacity: { memory: { value: string } } }> };
    };
    const quantity = slice.spec.devices[0]!.capacity.memory.value;
    const match = /^(\d+)Gi$/.exec(quantity);
    expect(match, quantity).not.toBeNull();
    expect(Number(match![1]) * 2 ** 30).toBe(hardwareProfile(getAccelerator('atlas-350')).hbmBytes);
  });
});
