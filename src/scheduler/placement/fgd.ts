import type { FragTracker } from '../frag.ts';
import type { ClusterState, PodClass } from '../state.ts';
import type { PlacementFactory } from './placement-policy.ts';

/**
 * Fragmentation gradient descent (Weng et al., ATC'23; `fgd_score.go`): place the pod where the node's
 * fragmentation F grows least. Score ⌊100·σ((F − F')/1000)⌋ with F' the node's fragmentation after the
 * placement; for a share pod every fitting device is tried and the first device with the highest score
 * wins; whole-device pods take free devices (which ones does not change F).
 */
export const fgdPolicy: PlacementFactory = ({ state, frag }) => {
  const what = new Hypothetical(state, frag);
  return {
    name: 'fgd',
    scope: 'node',
    score: (node, cls) => what.best(node, cls, quantisedSigmoid).score,
    devices: (node, cls) => (cls.share ? what.best(node, cls, quantisedSigmoid).mask : state.defaultDevices(node, cls)),
  };
};

/** ⌊100·σ(ΔF/1000)⌋ as the FGD simulator computes it. */
export function quantisedSigmoid(deltaFrag: number): number {
  return Math.trunc((1 / (1 + Math.exp(-deltaFrag / 1000))) * 100);
}

/**
 * Fragmentation of a node after a hypothetical placement. For a share pod each distinct milli-left value is
 * tried once (devices with the same left give the same F; the lowest index is kept).
 */
export class Hypothetical {
  private readonly state: ClusterState;
  private readonly frag: Pick<FragTracker, 'model' | 'nodeFrag'>;
  private readonly scratch = new Int32Array(64);

  constructor(state: ClusterState, frag: Pick<FragTracker, 'model' | 'nodeFrag'>) {
    this.state = state;
    this.frag = frag;
  }

  /** Best device choice by `rate(F − F')` (higher wins, first index on ties) and its rating. */
  best(node: number, cls: PodClass, rate: (deltaFrag: number) => number): { score: number; mask: number } {
    const state = this.state;
    const before = this.frag.nodeFrag(node);
    const start = state.devStart[node]!;
    const count = state.devCount[node]!;
    const scratch = this.scratch;
    // Stryker disable next-line EqualityOperator: slot `count` is never read (nodeFrag and the loops below stop before it)
    for (let i = 0; i < count; i++) scratch[i] = state.devLeft[start + i]!;
    const cpuAfter = state.cpuLeft[node]! - cls.cpuMilli;
    const model = this.frag.model;
    const modelId = state.modelId[node]!;
    if (!cls.share) {
      const mask = state.defaultDevices(node, cls); // 0 for a CPU-only pod
      // Stryker disable next-line EqualityOperator: the default mask has no bit at or above `count`
      for (let i = 0; i < count; i++) if ((mask >>> i) & 1) scratch[i]! -= cls.milli;
      return { score: rate(before - model.nodeFrag(cpuAfter, scratch, 0, count, modelId)), mask };
    }
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestMask = 0;
    for (let i = 0; i < count; i++) {
      const left = scratch[i]!;
      if (left < cls.milli) continue;
      let repeated = false;
      for (let j = 0; j < i; j++) {
        if (scratch[j] === left) {
          repeated = true;
          break;
        }
      }
      if (repeated) continue;
      scratch[i] = left - cls.milli;
      const score = rate(before - model.nodeFrag(cpuAfter, scratch, 0, count, modelId));
      scratch[i] = left;
      if (score > bestScore) {
        bestScore = score;
        bestMask = 1 << i;
      }
    }
    return { score: bestScore, mask: bestMask };
  }
}
