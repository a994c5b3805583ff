/**
 * Value objects for physical quantities, as aws-cdk's `Duration`: private constructors, static factories, one unit
 * table per quantity (`tables.ts`), one conversion (`convert`) and one number formatter (`formatNumber`). Engines
 * read SI numbers through `toWatts()`, `toBytes()` and so on.
 */
export { Bandwidth, Memory } from './data.ts';
export { Duration } from './duration.ts';
export { count, type FormatOptions, formatNumber, formatPercent, plural } from './format.ts';
export { Mass, RackUnits, Temperature } from './physical.ts';
export { Current, Energy, Power, Voltage } from './power.ts';
export { UNITS, type UnitKind, type UnitSymbol } from './tables.ts';
export {
  bytesPerSecond,
  gigabytes,
  humanSeconds,
  kilowattRating,
  kilowatts,
  megawattsOrKilowatts,
  significant,
  wholeNumber,
  wholePercent,
} from './text.ts';
export { convert, Quantity, Unit, type UnitTable } from './unit.ts';
