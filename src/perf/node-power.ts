import type { AcceleratorFamily, NodeTypeSpec } from '../catalog/types.ts';
import type { ConfidenceLevel } from './hardware.ts';
import { bandFor, type Interval } from './uncertainty.ts';

/**
 * Share of the extra accelerator draw that reaches the wall through the node's power supplies. 80 PLUS Platinum
 * and Titanium supplies deliver 94-96% at half to full load (80 PLUS specification), so 1 W more on the
 * accelerators costs about 1 / 0.94 W at the wall.
 */
export const PSU_EFFICIENCY = 0.94;

/** What the node model needs: measured idle at the wall, or the host's full-load draw as a fallback. */
export interface NodePowerInputs {
  readonly nodeType: string;
  /** Whole node at the wall with idle accelerators, W (MLPerf pre-run power). */
  readonly idleW: number | null;
  readonly idleConfidence: ConfidenceLevel;
  /** Everything but the accelerators at full load, W (datasheet maximum minus the accelerators). */
  readonly hostW: number | null;
  readonly hostConfidence: ConfidenceLevel;
  readonly accelerators: number;
}

export interface NodePower {
  /** Mean wall power of the node, W. */
  readonly watts: number;
  /** `idle+load`: measured idle plus the accelerators' rise through the PSUs; `host+accelerators`: the fallback. */
  readonly basis: 'idle+load' | 'host+accelerators';
  readonly confidence: ConfidenceLevel;
}

export function nodePowerInputs(type: NodeTypeSpec, accelerators = type.acceleratorCount.default): NodePowerInputs {
  return {
    nodeType: type.id,
    idleW: type.idlePowerW.value,
    idleConfidence: type.idlePowerW.confidence,
    hostW: type.hostPowerW.value,
    hostConfidence: type.hostPowerW.confidence,
    accelerators,
  };
}

/**
 * Node wall power with every accelerator drawing `acceleratorW` (idle floor `acceleratorIdleW`): the node's
 * measured idle, plus the accelerators' rise above idle through the PSUs. Without a measured idle, the host's
 * full-load figure plus the accelerators (an upper estimate). Null when neither is known.
 */
export function nodePowerW(node: NodePowerInputs, acceleratorW: number, acceleratorIdleW: number): NodePower | null {
  if (node.idleW !== null) {
    const rise = Math.max(0, acceleratorW - acceleratorIdleW) * node.accelerators;
    return { watts: node.idleW + rise / PSU_EFFICIENCY, basis: 'idle+load', confidence: node.idleConfidence };
  }
  if (node.hostW !== null) {
    return {
      watts: node.hostW + acceleratorW * node.accelerators,
      basis: 'host+accelerators',
      confidence: node.hostConfidence,
    };
  }
  return null;
}

/**
 * p10-p90 factors of a node figure: the node-power band where the node's idle was measured; otherwise the host term
 * is a datasheet or class estimate, so the band is widened to the accelerator-power band as well.
 */
export function nodeBand(node: Pick<NodePower, 'basis' | 'confidence'>, family: AcceleratorFamily): Interval {
  const own = bandFor('nodePower', family);
  if (node.basis === 'idle+load' && node.confidence === 'measured') return own;
  const wide = bandFor('acceleratorPower', family);
  return { p10: Math.min(own.p10, wide.p10), p90: Math.max(own.p90, wide.p90), basis: wide.basis };
}
