import { describe, expect, it } from 'vitest';
import {
  bytesPerSecond,
  count,
  formatNumber,
  formatPercent,
  gigabytes,
  humanSeconds,
  kilowattRating,
  kilowatts,
  litres,
  megawattsOrKilowatts,
  plural,
  significant,
  wholeNumber,
  wholePercent,
} from '../../src/units/index.ts';

// Every expected string is written by hand from the rule the function's comment states, at and around each threshold.
describe('formatNumber', () => {
  it('rounds to one decimal and drops trailing zeros unless fixed', () => {
    expect(formatNumber(187.54)).toBe('187.5');
    expect(formatNumber(1500)).toBe('1500');
    expect(formatNumber(100, { decimals: 0 })).toBe('100');
    expect(formatNumber(10.5, { decimals: 2 })).toBe('10.5');
    expect(formatNumber(10, { decimals: 2 })).toBe('10');
    expect(formatNumber(10, { decimals: 2, fixed: true })).toBe('10.00');
    expect(formatNumber(2.25, { decimals: 3 })).toBe('2.25');
  });

  it('writes a negative zero as zero, and keeps a negative value negative', () => {
    expect(formatNumber(-0.04)).toBe('0');
    expect(formatNumber(-0.04, { fixed: true })).toBe('0.0');
    expect(formatNumber(-0.001, { decimals: 2, fixed: true })).toBe('0.00');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(-10)).toBe('-10');
  });

  it('groups the thousands of the whole part only', () => {
    expect(formatNumber(999, { grouping: true })).toBe('999');
    expect(formatNumber(1000, { grouping: true })).toBe('1,000');
    expect(formatNumber(1234567.891, { decimals: 2, grouping: true })).toBe('1,234,567.89');
    expect(formatNumber(-1234.5, { grouping: true })).toBe('-1,234.5');
    expect(formatNumber(0.12345, { decimals: 5, grouping: true })).toBe('0.12345');
    expect(formatNumber(1234)).toBe('1234');
  });

  it('writes what is not finite as JavaScript does', () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber(Number.NEGATIVE_INFINITY, { grouping: true })).toBe('-Infinity');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('writes percentages, counts and plurals through it', () => {
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(0.5, { fixed: true })).toBe('50.0%');
    expect(count(1024)).toBe('1,024');
    expect(count(1.23456)).toBe('1.235');
    expect(count(2.5)).toBe('2.5');
    expect(plural(1, 'node')).toBe('1 node');
    expect(plural(0, 'node')).toBe('0 nodes');
    expect(plural(3, 'node')).toBe('3 nodes');
    expect(plural(1024, 'NPU')).toBe('1,024 NPUs');
    expect(plural(2, 'child', 'children')).toBe('2 children');
    expect(plural(1, 'child', 'children')).toBe('1 child');
  });
});

describe('figures in text', () => {
  it('writes water in litres, and in cubic metres from a million litres up', () => {
    expect(litres(69.6319)).toBe('69.6 L');
    expect(litres(609_976)).toBe('609,976 L');
    expect(litres(999_999)).toBe('999,999 L');
    expect(litres(1_000_000)).toBe('1,000 m³');
    expect(litres(7_358_400)).toBe('7,358 m³');
    expect(litres(-2_000_000)).toBe('-2,000 m³');
  });

  it('writes loads in kW with one decimal, ratings without a trailing zero', () => {
    expect(kilowatts(138_400)).toBe('138.4 kW');
    expect(kilowatts(150_000)).toBe('150.0 kW');
    expect(kilowattRating(150_000)).toBe('150 kW');
    expect(kilowattRating(187_500)).toBe('187.5 kW');
  });

  it('switches to MW at 1 MW, by magnitude', () => {
    expect(megawattsOrKilowatts(1_234_567)).toBe('1.23 MW');
    expect(megawattsOrKilowatts(1_000_000)).toBe('1.00 MW');
    expect(megawattsOrKilowatts(999_000)).toBe('999.0 kW');
    expect(megawattsOrKilowatts(-2_000_000)).toBe('-2.00 MW');
    expect(megawattsOrKilowatts(-500_000)).toBe('-500.0 kW');
  });

  it('writes memory in GB and rates in GB/s, from 1 TB/s in TB/s', () => {
    expect(gigabytes(112e9)).toBe('112.0 GB');
    expect(gigabytes(85.9e9)).toBe('85.9 GB');
    expect(bytesPerSecond(8e9)).toBe('8.0 GB/s');
    expect(bytesPerSecond(999e9)).toBe('999.0 GB/s');
    expect(bytesPerSecond(1e12)).toBe('1.0 TB/s');
    expect(bytesPerSecond(1.4e12)).toBe('1.4 TB/s');
  });

  it('writes whole percents, with one decimal below 10%, and a dash for what is not finite', () => {
    expect(wholePercent(0.73)).toBe('73%');
    expect(wholePercent(0.1)).toBe('10%');
    expect(wholePercent(0.075)).toBe('7.5%');
    expect(wholePercent(0)).toBe('0%');
    expect(wholePercent(-0.05)).toBe('-5.0%');
    expect(wholePercent(-0.25)).toBe('-25%');
    expect(wholePercent(Number.NaN)).toBe('—');
    expect(wholePercent(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('writes times with three significant figures, in s from 1 s up', () => {
    expect(humanSeconds(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(humanSeconds(1)).toBe('1.00 s');
    expect(humanSeconds(1.25)).toBe('1.25 s');
    expect(humanSeconds(0.2464)).toBe('246 ms');
    expect(humanSeconds(0.1)).toBe('100 ms');
    expect(humanSeconds(0.0998)).toBe('99.8 ms');
    expect(humanSeconds(0.0198)).toBe('19.8 ms');
    expect(humanSeconds(0.01)).toBe('10.0 ms');
    expect(humanSeconds(0.00998)).toBe('9.98 ms');
    expect(humanSeconds(0.0025)).toBe('2.50 ms');
  });

  it('writes whole counts and three significant figures', () => {
    expect(wholeNumber(1024.4)).toBe('1,024');
    expect(wholeNumber(20480)).toBe('20,480');
    expect(significant(Number.NaN)).toBe('—');
    expect(significant(Number.NEGATIVE_INFINITY)).toBe('—');
    expect(significant(0)).toBe('0');
    expect(significant(0.2734)).toBe('0.273');
    expect(significant(5)).toBe('5.00');
    expect(significant(62.74)).toBe('62.7');
    expect(significant(-62.74)).toBe('-62.7');
    expect(significant(999.4)).toBe('999');
    expect(significant(1000)).toBe('1,000');
    expect(significant(-20480.4)).toBe('-20,480');
    expect(significant(0.0000012345)).toBe('0.000001');
    expect(significant(0.012345)).toBe('0.0123');
  });
});
