import type { Deployment } from './deployment.ts';
import type { ConfidenceLevel, InputConfidence } from './hardware.ts';

/** Strongest first. A user-supplied figure ranks with a vendor claim: we cannot check either. */
const ORDER: readonly ConfidenceLevel[] = [
  'measured',
  'vendor-claimed',
  'user-supplied',
  'reported',
  'estimated',
  'unknown',
];

/** How far to trust a prediction: the weakest catalogue input it used, and the calibration it stands on. */
export interface PredictionConfidence {
  readonly level: ConfidenceLevel;
  /** The input with that level, e.g. `ascend-950dt hbm.bandwidthTBps`. */
  readonly weakestInput: string;
  /** `measured` for families with public kernel measurements, `extrapolated` for Ascend 950. */
  readonly calibration: 'measured' | 'estimated' | 'extrapolated';
  readonly note: string;
}

export function weakest(inputs: readonly InputConfidence[]): InputConfidence {
  let worst: InputConfidence = { field: 'none', confidence: 'measured' };
  for (const input of inputs) {
    if (ORDER.indexOf(input.confidence) > ORDER.indexOf(worst.confidence)) worst = input;
  }
  return worst;
}

export function predictionConfidence(d: Deployment): PredictionConfidence {
  const w = weakest(d.inputs);
  const note =
    d.cal.confidence === 'extrapolated'
      ? `no measurement backs the ${d.hw.family} family: an extrapolation from vendor specifications`
      : d.cal.confidence === 'estimated'
        ? `${d.hw.family} kernel efficiencies are estimates checked against a few end-to-end measurements`
        : `${d.hw.family} efficiencies come from kernel measurements`;
  return { level: w.confidence, weakestInput: w.field, calibration: d.cal.confidence, note };
}
