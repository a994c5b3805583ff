import type { Deployment } from './deployment.ts';
import type { StepResult } from './step.ts';

/**
 * Accelerator power from what the chip does over a step: an idle floor, plus compute, memory-traffic and network
 * terms each scaled by how busy that unit is (shares of TDP, per family: calibration.ts). The sum is limited by
 * the TDP and by a power cap when one is set (MLPerf MaxQ, nvidia-smi -pl): a capped chip runs at its cap.
 * Watts per device.
 */
export function devicePowerW(d: Deployment, step: StepResult, tdpW: number): number {
  const s = d.cal.power;
  const u = step.utilisation;
  const activity = Math.min(1, s.idle + s.compute * u.compute + s.memory * u.memory + s.network * u.network);
  return Math.min(tdpW * activity, d.powerCapW ?? Number.POSITIVE_INFINITY);
}

/** What a powered, loaded but momentarily idle accelerator draws, W. */
export function idlePowerW(d: Deployment, tdpW: number): number {
  return Math.min(tdpW * d.cal.power.idle, d.powerCapW ?? Number.POSITIVE_INFINITY);
}

/** Time-weighted mean power over phases (each `[seconds, watts]`). */
export function meanPowerW(phases: readonly (readonly [number, number])[]): number {
  let time = 0;
  let energy = 0;
  for (const [seconds, watts] of phases) {
    time += seconds;
    energy += seconds * watts;
  }
  return time > 0 ? energy / time : 0;
}
