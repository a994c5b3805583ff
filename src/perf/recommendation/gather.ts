import { sourcedDefault } from '../../catalog/sourced-default.ts';
import type { AcceleratorSpec } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';

export type { SourcedDefault } from '../../catalog/types.ts';

/**
 * Share of the HBM streaming bandwidth that independent reads of one access granule sustain (an embedding gather:
 * every lookup is a row at a random address). No vendor publishes it for these accelerators; random granule reads
 * lose to DRAM page misses and bank conflicts what streaming keeps, and GPU gather kernels are commonly reported at
 * half to two thirds of copy bandwidth. Not fitted on the validation records: an input (`randomAccessEfficiency`).
 */
export const RANDOM_ACCESS_EFFICIENCY = sourcedDefault(
  0.6,
  'estimated',
  'estimate: random-granule share of HBM streaming bandwidth (page misses, bank conflicts); not fitted',
);

/**
 * Host link for rows offloaded to host memory: PCIe 5.0 x16, 64 GB/s per direction raw (PCI-SIG 32 GT/s x 16
 * lanes), of which DMA transfers reach about 80% (estimated: TLP headers and flow control).
 */
export const HOST_LINK_GBPS = sourcedDefault(
  50,
  'estimated',
  'PCIe 5.0 x16 = 64 GB/s per direction (PCI-SIG), about 80% reached by DMA',
);

/** Host memory reads a row in CPU cache lines (64 B on x86-64 and Arm server cores). */
export const HOST_GRANULE_B = 64;

/** Bytes an HBM read of `bytes` actually moves: rounded up to the access granule. */
export function bytesMoved(bytes: number, granuleB: number): number {
  if (bytes <= 0) return 0;
  return Math.ceil(bytes / granuleB) * granuleB;
}

/** The accelerator's HBM access granularity (catalogue `hbm.accessGranularityB`), or the caller's override. */
export function accessGranularity(spec: AcceleratorSpec, override?: number): { bytes: number; confidence: string } {
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < 1) {
      throw new SuperpodInputError({
        where: `accelerator "${spec.id}" accessGranularityB`,
        problem: 'must be a whole number of bytes of at least 1',
        value: override,
        fix: 'give the HBM access granularity in bytes, e.g. 128 for the Ascend 950 generation',
      });
    }
    return { bytes: override, confidence: 'user-supplied' };
  }
  const g = spec.hbm.accessGranularityB;
  if (!g || g.value === null) {
    throw new SuperpodInputError({
      where: `accelerator "${spec.id}"`,
      problem: 'the catalogue does not give the HBM access granularity, which prices every embedding lookup',
      fix: 'add hbm.accessGranularityB to the accelerator catalogue or pass accessGranularityB (CLI: --access-granularity-b)',
    });
  }
  return { bytes: g.value, confidence: g.confidence };
}
