import { describe, expect, it } from 'vitest';
import { Power, SuperPod } from '../../constructs/index.ts';
import { testStack } from '../helpers/fixtures.ts';

describe('SuperPod facility inputs', () => {
  it('records the design-day PUE, switch and interconnect cabinet power for the budget checks', () => {
    const stack = testStack('s');
    new SuperPod(stack, 'pod', {
      pue: 1.15,
      designPue: 1.3,
      switchPowerPerRack: Power.kilowatts(2),
      interconnectPower: Power.kilowatts(20),
    });
    expect(stack.inventory().superPods[0]).toMatchObject({
      pue: 1.15,
      designPue: 1.3,
      switchPowerPerRackW: 2_000,
      interconnectPowerW: 20_000,
    });
  });

  it('fails when the design-day PUE is below the annual PUE', () => {
    expect(() => new SuperPod(testStack('s'), 'pod', { pue: 1.3, designPue: 1.2 })).toThrow(
      /designPue must be at least the annual pue 1.3: the design day is the peak/,
    );
  });

  it('fails when the design-day PUE is outside 1.0 to 3.0', () => {
    expect(() => new SuperPod(testStack('s'), 'pod', { designPue: 0.9 })).toThrow(
      /designPue must be a number from 1.0 to 3.0/,
    );
  });
});
