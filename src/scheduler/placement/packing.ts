import { MILLI } from '../state.ts';
import type { PlacementFactory } from './placement-policy.ts';

/**
 * GPU packing (the FGD paper's GpuPacking, `getPackingScore`), highest first: (1) only partly used devices
 * are needed: 100 − Σ⌊left·100/1000⌋/10, at least 50; (2) fully free devices of a used node are needed:
 * 50 − their number, at least 33; (3) an untouched node: max(33 − G, G). CPU-only pods score 0 everywhere.
 */
export const packingPolicy: PlacementFactory = ({ state }) => {
  const order = new Int32Array(64);
  return {
    name: 'packing',
    scope: 'node',
    score(node, cls) {
      if (cls.devices === 0) return 0;
      const count = state.devCount[node]!;
      const free = state.freeCount[node]!;
      if (free === count) return Math.max(33 - free, free);
      const start = state.devStart[node]!;
      // Devices in ascending order of milli left (stable), as `SortedMilliGpuLeftIndexList(true)`.
      // Stryker disable next-line EqualityOperator: order[count] is never read (the sort and the sum stop before it)
      for (let i = 0; i < count; i++) order[i] = i;
      for (let i = 1; i < count; i++) {
        const v = order[i]!;
        const left = state.devLeft[start + v]!;
        let j = i - 1;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: order[-1] reads undefined, which is never > left; equal lefts in either order give the same score
        while (j >= 0 && state.devLeft[start + order[j]!]! > left) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = v;
      }
      let need = cls.devices;
      let fullyFree = 0;
      let freeRatio = 0;
      for (let k = 0; k < count && need > 0; k++) {
        const left = state.devLeft[start + order[k]!]!;
        if (cls.milli <= left) {
          need--;
          if (left === MILLI) fullyFree++;
          freeRatio += Math.trunc((left * 100) / MILLI);
        }
      }
      if (need !== 0) return Number.NEGATIVE_INFINITY;
      if (fullyFree > 0) return Math.max(50 - fullyFree, 33);
      return Math.max(100 - Math.trunc(freeRatio / 10), 50);
    },
    devices: (node, cls) => state.defaultDevices(node, cls),
  };
};
