/**
 * Value objects for physical quantities, as aws-cdk's `Duration`: private constructors, static factories, one unit
 * table per quantity (`tables.ts`), one conversion (`convert`) and one number formatter (`formatNumber`). Engines
 * read SI numbers through `toWatts()`, `toBytes()` and so on.
 */
export { count, type FormatOptions, formatNumber, formatPercent, plural } from './format.ts';
export {
  Bandwidth,
  Current,
  Duration,
  Energy,
  Mass,
  Memory,
  Power,
  RackUnits,
  Temperature,
  Voltage,
} from './quantities.ts';
export { UNITS, type UnitKind, type UnitSymbol } from './tables.ts';
export {
  bytesPerSecond,
  gigabytes,
  humanSeconds,
  kilowattRating,
  kilowatts,
  litres,
  megawattsOrKilowatts,
  significant,
  wholeNumber,
  wholePercent,
} from './text.ts';
export { convert, Quantity, Unit, type UnitTable } from './unit.ts';
