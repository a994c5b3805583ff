import { Unit } from './unit.ts';

/**
 * One unit table per quantity: every unit superpod reads or writes, with its size in the quantity's base unit
 * (the unit of size 1: W, J, V, A, kg, B/s, B, s, °C, U). The value objects, the spec's quantity strings and every formatter use these tables.
 */
export const UNITS = {
  power: { W: new Unit('W', 1), kW: new Unit('kW', 1e3), MW: new Unit('MW', 1e6) },
  energy: { J: new Unit('J', 1), kWh: new Unit('kWh', 3.6e6) },
  voltage: { V: new Unit('V', 1), kV: new Unit('kV', 1e3) },
  current: { A: new Unit('A', 1), kA: new Unit('kA', 1e3) },
  mass: { kg: new Unit('kg', 1), t: new Unit('t', 1e3) },
  bandwidth: {
    'B/s': new Unit('B/s', 1),
    'GB/s': new Unit('GB/s', 1e9),
    'TB/s': new Unit('TB/s', 1e12),
    'Gb/s': new Unit('Gb/s', 1e9, 8),
  },
  memory: {
    B: new Unit('B', 1),
    MiB: new Unit('MiB', 2 ** 20),
    GB: new Unit('GB', 1e9),
    GiB: new Unit('GiB', 2 ** 30),
    TB: new Unit('TB', 1e12),
    TiB: new Unit('TiB', 2 ** 40),
  },
  duration: {
    ns: new Unit('ns', 1, 1e9),
    us: new Unit('us', 1, 1e6),
    ms: new Unit('ms', 1, 1e3),
    s: new Unit('s', 1),
    min: new Unit('min', 60),
    h: new Unit('h', 3600),
  },
  temperature: { '°C': new Unit('°C', 1), K: new Unit('K', 1, 1, -273.15) },
  rackHeight: { U: new Unit('U', 1) },
} as const;

export type UnitKind = keyof typeof UNITS;
export type UnitSymbol<K extends UnitKind> = keyof (typeof UNITS)[K] & string;
