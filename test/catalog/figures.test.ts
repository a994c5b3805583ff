import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../src/catalog/index.ts';
import type { Precision } from '../../src/catalog/types.ts';

/** Domain audit findings C1, C2, C3 and C5: the catalogue's Ascend figures, their basis and attribution. */
describe('Ascend catalogue figures', () => {
  it('rates the Atlas 350 at the vendor headline 1,560 TFLOPS MXFP4, keeping the whitepaper 1,513 as a note', () => {
    const mxfp4 = getAccelerator('atlas-350').denseTflops.mxfp4!;
    expect(mxfp4).toMatchObject({ value: 1560, source: 'S_guancha_atlas350', confidence: 'vendor-claimed' });
    expect(mxfp4.note).toContain('1513');
    expect(mxfp4.note).toContain('S_seed');
  });

  it('marks the Atlas 350 figures derived from the PCIe-tier mapping estimated', () => {
    const atlas = getAccelerator('atlas-350');
    for (const p of ['bf16', 'fp16', 'fp8', 'mxfp8'] as const) {
      expect(atlas.denseTflops[p]?.confidence, p).toBe('estimated');
    }
    expect(atlas.kubernetes.aiCores).toMatchObject({ value: 28, confidence: 'estimated' });
  });

  it('rates the 950DT on the 950PR server-tier basis: same die, FP8 = 2 x BF16, MXFP4 = 4 x BF16', () => {
    const dt = getAccelerator('ascend-950dt').denseTflops;
    const pr = getAccelerator('ascend-950pr').denseTflops;
    const value = (t: typeof dt, p: Precision) => t[p]?.value;
    for (const p of ['bf16', 'fp8', 'mxfp8', 'mxfp4'] as const) expect(value(dt, p), p).toBe(value(pr, p));
    // 432 × 2 = 864 and 432 × 4 = 1,728: the whitepaper's 865 and 1,730 are the same rate unrounded.
    expect(Math.abs(dt.fp8!.value! - 2 * dt.bf16!.value!)).toBeLessThanOrEqual(1);
    expect(Math.abs(dt.mxfp4!.value! - 4 * dt.bf16!.value!)).toBeLessThanOrEqual(2);
    for (const p of ['fp8', 'mxfp8', 'mxfp4'] as const) {
      expect(dt[p]).toMatchObject({ source: 'S_cann_issue', confidence: 'estimated' });
      expect(dt[p]?.note, p).toMatch(/S_lucaberton, S_itbear/);
    }
  });

  it('cites no 950 figure to the keynote page, which only has the intro', () => {
    for (const id of ['atlas-350', 'ascend-950pr', 'ascend-950dt']) {
      const a = getAccelerator(id);
      const figures = [
        ...Object.values(a.denseTflops),
        a.hbm.capacityGiB,
        a.hbm.bandwidthTBps,
        a.scaleUp.bandwidthGBps,
        a.tdpW,
        a.kubernetes.aiCores,
      ];
      for (const f of figures) {
        expect(f?.source, id).not.toBe('S_keynote');
        expect(f?.note ?? '', id).not.toContain('S_keynote');
      }
    }
  });

  it('gives the 910B its 24 AI cores, derived from 353.9 TF = 24 x 1.8 GHz x 16^3 x 2', () => {
    const b = getAccelerator('ascend-910b');
    expect(b.kubernetes.aiCores).toMatchObject({ value: 24, confidence: 'estimated' });
    const cubeTflops = (24 * 1.8e9 * 16 ** 3 * 2) / 1e12;
    expect(cubeTflops).toBeCloseTo(b.denseTflops.bf16!.value!, 1);
  });
});
