import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../src/catalog/index.ts';
import { hardwareLabels } from '../../src/k8s/node-labels.ts';
import { hardwareProfile } from '../../src/perf/hardware.ts';
import { objectsOf, pdSlice } from '../k8s/fixtures.ts';

/** Domain audit C4: vendor HBM "GB" are binary; the perf model, DRA and the node labels count the same bytes. */
describe('HBM capacity units', () => {
  it('counts the Atlas 350 HBM as the CANN ini does: 112 GiB = 120,259,084,288 bytes', () => {
    expect(hardwareProfile(getAccelerator('atlas-350')).hbmBytes).toBe(120_259_084_288);
  });

  it('holds every catalogue HBM figure in GiB: 2^30 bytes each', () => {
    // Hand-worked: n x 1,073,741,824.
    const bytes: Record<string, number> = {
      'ascend-950dt': 154_618_822_656, // 144 GiB; 8,192 of them are the SuperPoD's 1,152 TiB
      'ascend-950pr': 137_438_953_472, // 128 GiB
      'ascend-910b': 68_719_476_736, // 64 GiB
      'h100-sxm': 85_899_345_920, // 80 GiB; NVML shows 79.65 GiB usable
      'h200-sxm': 151_397_597_184, // 141 GiB; NVML shows 140.40 GiB usable
      b200: 193_273_528_320, // 180 GiB
    };
    for (const [id, expected] of Object.entries(bytes)) {
      expect(hardwareProfile(getAccelerator(id)).hbmBytes, id).toBe(expected);
    }
  });

  it('publishes the same figure as the DRA memory capacity and the MindCluster chip-memory label', () => {
    const { stack } = pdSlice();
    const slices = objectsOf(stack).filter((o) => o.kind === 'ResourceSlice') as unknown as Array<{
      spec: {
        devices: Array<{ attributes: Record<string, { string?: string }>; capacity: { memory: { value: string } } }>;
      };
    }>;
    const memory = new Set(
      slices.flatMap((s) =>
        s.spec.devices.map((d) => `${d.attributes['superpod.dev/accelerator']!.string} ${d.capacity.memory.value}`),
      ),
    );
    expect([...memory]).toEqual(['atlas-350 112Gi']);
    const inventory = stack.inventory();
    const labels = new Set(inventory.nodes.map((n) => hardwareLabels(inventory, n)['mind-cluster/npu-chip-memory']));
    expect([...labels].sort()).toEqual(['112G', '144G']);
  });
});
