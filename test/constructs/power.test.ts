import { describe, expect, it } from 'vitest';
import { Current, Power, RackPower, Voltage } from '../../constructs/index.ts';

describe('RackPower', () => {
  it('derates the rack feed and keeps N+1 shelves on the surviving ones', () => {
    const busbar = RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }).toInfo();
    expect(busbar).toMatchObject({ ratedW: 120_000, usableW: 96_000, maxUtilisation: 0.8 });
    const shelves = RackPower.shelvesNPlusOne({ count: 6, rating: Power.kilowatts(33) }).toInfo();
    expect(shelves).toMatchObject({ ratedW: 165_000, usableW: 132_000, redundancy: 'n+1' });
  });
});
