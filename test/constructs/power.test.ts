import { describe, expect, it } from 'vitest';
import {
  Bandwidth,
  Cooling,
  Current,
  Duration,
  InterPodLink,
  Power,
  RackPower,
  UnifiedBusFabric,
  Voltage,
} from '../../constructs/index.ts';
import { SuperpodInputError } from '../../src/errors.ts';

describe('RackPower', () => {
  it('derates the rack feed and keeps N+1 shelves on the surviving ones', () => {
    const busbar = RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }).toInfo();
    expect(busbar).toMatchObject({ ratedW: 120_000, usableW: 96_000, maxUtilisation: 0.8 });
    const shelves = RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33) }).toInfo();
    expect(shelves).toMatchObject({ ratedW: 165_000, usableW: 132_000, redundancy: 'n+1' });
  });

  it('draws the N+1 shelves input current through their conversion efficiency', () => {
    const shelves = RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33) }).toInfo();
    expect(shelves.currentA).toBeCloseTo(165_000 / 0.97 / 800, 6);
    expect(shelves.shelves?.efficiency).toBe(0.97);
    const better = RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33), efficiency: 0.99 }).toInfo();
    expect(better.currentA).toBeCloseTo(165_000 / 0.99 / 800, 6);
  });

  it('fails when the shelf efficiency is not a fraction from 0.5 to 1', () => {
    expect(() => RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33), efficiency: 97 })).toThrow(
      /efficiency must be a fraction from 0.5 to 1/,
    );
  });
});

/**
 * Stacks run through tsx are not type-checked: a misspelt or missing prop reaches the factory as undefined (found by
 * the TypeScript stack fuzzer). Each factory names the prop, the caller's line and an example, never a TypeError.
 */
describe('static factories given what TypeScript would have refused', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'busbar without current',
      () => RackPower.busbar({ voltage: Voltage.volts(800) } as never),
      /current must be a Current value object; pass for example current: Current\.amperes\(190\)/,
    ],
    [
      'busbar with a bare number',
      () => RackPower.busbar({ voltage: 800, current: Current.amperes(1) } as never),
      /voltage must be a Voltage value object/,
    ],
    ['feed with no props', () => RackPower.feed(undefined as never), /props are required/],
    [
      'busbar with an unknown redundancy',
      () => RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150), redundancy: '2n' } as never),
      /unknown redundancy.*'none' or 'a-b'/,
    ],
    [
      'shelves without rating',
      () => RackPower.shelvesNPlusOne({ count: 6 } as never),
      /rating must be a Power value object/,
    ],
    [
      'direct liquid with a misspelt prop',
      () => Cooling.directLiquid({ iquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) } as never),
      /liquidCapacity must be a Power value object/,
    ],
    [
      'direct liquid with a bare cduCapacity',
      () =>
        Cooling.directLiquid({
          liquidCapacity: Power.kilowatts(90),
          airCapacity: Power.kilowatts(20),
          cdu: 'c',
          cduCapacity: 800,
        } as never),
      /cduCapacity must be a Power value object/,
    ],
    ['air without capacity', () => Cooling.air({} as never), /capacity must be a Power value object/],
    [
      'a fabric level left out',
      () =>
        UnifiedBusFabric.custom({
          name: 'f',
          x: { maxNpus: 8, bandwidthPerNpu: Bandwidth.gigabytesPerSecond(1), latency: Duration.microseconds(1) },
        } as never),
      /Y: \{ bandwidthPerNpu/,
    ],
    [
      'a link bandwidth as a number',
      () => InterPodLink.roce({ bandwidthPerNpu: 50 } as never),
      /roce bandwidthPerNpu must be a Bandwidth value object/,
    ],
  ];
  for (const [name, build, message] of cases) {
    it(`rejects ${name} with an input error at the caller's line`, () => {
      let thrown: unknown;
      try {
        build();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SuperpodInputError);
      expect(String((thrown as Error).message)).toMatch(message);
      expect(String((thrown as Error).message)).toMatch(/power\.test\.ts:\d+/);
    });
  }
});

/**
 * Amounts of zero that mean nothing: a shelf, a cooling path or a CDU rated at zero, or a link with no bandwidth is a
 * dropped digit, and the checks would divide by it or pass a rack that can hold nothing. Each is refused at the
 * caller's line, naming the prop.
 */
describe('amounts that must be more than zero', () => {
  const here = /^test\/constructs\/power\.test\.ts:\d+:\d+$/;
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (SuperpodInputError.is(error)) return { where: error.where, problem: error.problem, value: error.value };
      throw error;
    }
    throw new Error('accepted');
  };
  const zeroKw = Power.kilowatts(0);

  it.each([
    ['a shelf rating', () => RackPower.shelvesNPlusOne({ count: 6, rating: zeroKw }), 'rating', '0 W'],
    [
      'a liquid capacity',
      () => Cooling.directLiquid({ liquidCapacity: zeroKw, airCapacity: Power.kilowatts(20) }),
      'liquidCapacity',
      '0 W',
    ],
    [
      'a CDU capacity',
      () =>
        Cooling.directLiquid({
          liquidCapacity: Power.kilowatts(90),
          airCapacity: Power.kilowatts(20),
          cdu: 'cdu-1',
          cduCapacity: zeroKw,
        }),
      'cduCapacity',
      '0 W',
    ],
    ['an air capacity', () => Cooling.air({ capacity: zeroKw }), 'capacity', '0 W'],
    [
      'an inter-pod link bandwidth',
      () => InterPodLink.roce({ bandwidthPerNpu: Bandwidth.gigabytesPerSecond(0) }),
      'roce bandwidthPerNpu',
      '0 GB/s',
    ],
  ] as const)('refuses %s of zero', (_, build, prop, value) => {
    const error = errorOf(build);
    expect(error).toMatchObject({ problem: `${prop} must be more than zero`, value });
    expect(error.where).toMatch(here);
  });

  it('accepts a residual air path of zero beside liquid cooling: the cooling checks then hold the node to it', () => {
    const info = Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: zeroKw }).toInfo();
    expect(info).toMatchObject({ liquidCapacityW: 90_000, airCapacityW: 0 });
  });

  it('refuses a fabric level with no bandwidth, naming the level', () => {
    const level = (maxNpus: number, gbps: number) => ({
      maxNpus,
      bandwidthPerNpu: Bandwidth.gigabytesPerSecond(gbps),
      latency: Duration.microseconds(0.5),
    });
    const error = errorOf(() =>
      UnifiedBusFabric.custom({ name: 'lab', x: level(8, 2000), y: level(64, 0), z: level(512, 500) }),
    );
    expect(error).toMatchObject({ problem: 'Y bandwidthPerNpu must be more than zero', value: '0 GB/s' });
  });
});
