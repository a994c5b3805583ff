import type { Deployment } from './deployment.ts';
import type { StepResult } from './step.ts';

/**
 * Utilisation-weighted TDP (GenZ power.py): a static share always drawn, and compute, memory and network shares
 * scaled by how busy each unit is over the step. Watts per device.
 */
export function devicePowerW(d: Deployment, step: StepResult, tdpW: number): number {
  const s = d.cal.powerShares;
  const u = step.utilisation;
  return tdpW * (s.static + s.compute * u.compute + s.memory * u.memory + s.network * u.network);
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
