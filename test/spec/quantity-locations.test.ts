/**
 * Every quantity of the spec that uses every field, once with a value the schema lets through and the unit factory
 * refuses: the error must stand at that value's line and column, found here by plain text search, and name the value
 * as written. A negative amount is refused by every kind but voltage (a DC bus may be written negative, -48 V), and
 * an amount past the float range by all. The schema already locates a quantity without a unit; only building the spec
 * can refuse these, so they test the paths the builder gives each quantity.
 */
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../helpers/errors.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';
import { CANONICAL_SPEC } from './canonical-spec.ts';

const FILE = 'everything.yaml';

/**
 * [what, a piece of text found once in the spec, the quantity inside it]. The piece carries enough context to be
 * unique; the quantity is made negative where it stands.
 */
const QUANTITIES: ReadonlyArray<readonly [string, string, string]> = [
  ['super cluster link bandwidth', 'bandwidthPerNpu: 50 GB/s\n    latency: 5 us', '50 GB/s'],
  ['super cluster link latency', 'latency: 5 us', '5 us'],
  ['pod facility budget', 'facilityPowerBudget: 2 MW', '2 MW'],
  ['pod switch power', 'switchPowerPerRack: 3 kW', '3 kW'],
  ['pod interconnect power', 'interconnectPower: 50 kW', '50 kW'],
  ['rack weight limit', 'weightLimit: 2 t', '2 t'],
  ['busbar voltage', 'busbar: { voltage: 800 V, current: 150 A, maxUtilisation', '800 V'],
  ['busbar current', 'current: 150 A, maxUtilisation', '150 A'],
  ['liquid capacity', 'liquidCapacity: 90 kW\n', '90 kW'],
  ['air capacity beside liquid', 'airCapacity: 20 kW\n', '20 kW'],
  ['CDU capacity', 'cduCapacity: 200 kW', '200 kW'],
  ['feed voltage', 'voltage: 400 V', '400 V'],
  ['feed current', 'current: 63 A', '63 A'],
  ['air capacity', 'air: { capacity: 30 kW', '30 kW'],
  ['shelf rating', 'rating: 33 kW', '33 kW'],
  ['shelf voltage', 'rating: 33 kW, voltage: 800 V', '800 V'],
  ['flow-style liquid capacity', 'liquidCapacity: 80 kW', '80 kW'],
  ['flow-style air capacity', 'airCapacity: 10 kW', '10 kW'],
  ['accelerator power', 'acceleratorPower: 800 W', '800 W'],
  ['host power', 'hostPower: 1500 W', '1500 W'],
  ['node weight', 'weight: 60 kg', '60 kg'],
  ['fabric level bandwidth', 'x: { maxNpus: 8, bandwidthPerNpu: 2 TB/s', '2 TB/s'],
  ['fabric level latency', 'latency: 500 ns', '500 ns'],
  ['fabric uplink bandwidth', 'uplink:\n        kind: uboe\n        bandwidthPerNpu: 50 GB/s', '50 GB/s'],
  ['fabric uplink latency', 'latency: 3 us', '3 us'],
  ['time to first token', 'timeToFirstToken: 2 s', '2 s'],
  ['time per output token', 'timePerOutputToken: 50 ms', '50 ms'],
  ['container memory', 'memory: 256 GiB', '256 GiB'],
  ['container shared memory', 'sharedMemory: 64 GiB', '64 GiB'],
  ['startup timeout', 'startupTimeout: 15 min', '15 min'],
  ['recommendation p99', 'p99: 60 ms', '60 ms'],
];

/** The spec with `quantity` inside `piece` replaced by `bad`, and `file:line:column` of that value. */
function replaced(piece: string, quantity: string, bad: string): { text: string; where: string } {
  const start = CANONICAL_SPEC.indexOf(piece);
  if (start < 0 || CANONICAL_SPEC.indexOf(piece, start + 1) >= 0) throw new Error(`"${piece}" is not in the spec once`);
  const at = start + piece.indexOf(quantity);
  if (at < start) throw new Error(`"${quantity}" is not in "${piece}"`);
  const text = `${CANONICAL_SPEC.slice(0, at)}${bad}${CANONICAL_SPEC.slice(at + quantity.length)}`;
  const before = text.slice(0, at).split('\n');
  return { text, where: `${FILE}:${before.length}:${before.at(-1)!.length + 1}` };
}

const unitOf = (quantity: string) => quantity.slice(quantity.indexOf(' ') + 1);

describe('a quantity the unit factory refuses is reported where it is written', () => {
  it.each(QUANTITIES.filter(([, , q]) => !q.endsWith(' V')))('%s, negative', (_, piece, quantity) => {
    const { text, where } = replaced(piece, quantity, `-${quantity}`);
    const error = inputErrorOf(() => inventoryOfSpec(text, FILE));
    expect({ where: error.where, value: error.value }).toEqual({ where, value: `-${quantity}` });
    expect(
      error.problem.startsWith(`${error.problem.split(' ')[0]} -${quantity} needs a finite non-negative number`),
    ).toBe(true);
  });

  it.each(QUANTITIES)('%s, past the float range', (_, piece, quantity) => {
    const bad = `1e999 ${unitOf(quantity)}`;
    const { text, where } = replaced(piece, quantity, bad);
    const error = inputErrorOf(() => inventoryOfSpec(text, FILE));
    expect({ where: error.where, value: error.value }).toEqual({ where, value: bad });
    expect(error.problem).toMatch(/^not an? [a-z]+$/);
  });

  it('accepts a negative DC voltage, as a -48 V telecom bus is written', () => {
    const { text } = replaced('voltage: 400 V', '400 V', '-400 V');
    const feed = inventoryOfSpec(text, FILE).racks.find((r) => r.id.endsWith('/pod-a/edge'))!.power;
    // rated |V| x A = 400 V x 63 A, derated to 80 %
    expect(feed).toMatchObject({ kind: 'feed', voltageV: -400, currentA: 63, ratedW: 25_200, usableW: 20_160 });
  });
});

/**
 * [what, the text, its zero, where the error stands (the entry that holds it, read off the spec by hand), the prop].
 * The construct refuses these, so the error stands at the entry the construct was built from.
 */
const ZEROS: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['shelf rating', 'rating: 33 kW', 'rating: 0 kW', '77:28', 'rating'],
  ['liquid capacity', 'liquidCapacity: 90 kW\n', 'liquidCapacity: 0 kW\n', '41:13', 'liquidCapacity'],
  ['flow-style liquid capacity', 'liquidCapacity: 80 kW', 'liquidCapacity: 0 kW', '79:25', 'liquidCapacity'],
  ['CDU capacity', 'cduCapacity: 200 kW', 'cduCapacity: 0 kW', '41:13', 'cduCapacity'],
  ['air capacity', 'air: { capacity: 30 kW', 'air: { capacity: 0 kW', '63:16', 'capacity'],
  ['rack weight limit', 'weightLimit: 2 t', 'weightLimit: 0 t', '32:9', 'weightLimit'],
  [
    'super cluster link bandwidth',
    'bandwidthPerNpu: 50 GB/s\n    latency: 5 us',
    'bandwidthPerNpu: 0 GB/s\n    latency: 5 us',
    '15:5',
    'roce bandwidthPerNpu',
  ],
  ['fabric level bandwidth', 'bandwidthPerNpu: 1 TB/s', 'bandwidthPerNpu: 0 TB/s', '102:7', 'Y bandwidthPerNpu'],
  [
    'fabric uplink bandwidth',
    'kind: uboe\n        bandwidthPerNpu: 50 GB/s',
    'kind: uboe\n        bandwidthPerNpu: 0 GB/s',
    '102:7',
    'uplink bandwidthPerNpu',
  ],
  ['pod facility budget', 'facilityPowerBudget: 2 MW', 'facilityPowerBudget: 0 MW', '19:5', 'facilityPowerBudget'],
  ['accelerator power', 'acceleratorPower: 800 W', 'acceleratorPower: 0 W', '86:13', 'acceleratorPower'],
  ['host power', 'hostPower: 1500 W', 'hostPower: 0 W', '86:13', 'hostPower'],
  ['node weight', 'weight: 60 kg', 'weight: 0 kg', '86:13', 'weight'],
];

describe('an amount of zero that means nothing is refused at its entry', () => {
  it.each(ZEROS)('%s', (_, from, to, where, prop) => {
    const { text } = replaced(from, from, to);
    const error = inputErrorOf(() => inventoryOfSpec(text, FILE));
    expect(error.where).toBe(`${FILE}:${where}`);
    expect(error.problem.endsWith(`${prop} must be more than zero`)).toBe(true);
  });

  it('accepts zero where it means none: switch and interconnect power, the residual air path beside liquid', () => {
    const { text: noSwitches } = replaced('switchPowerPerRack: 3 kW', '3 kW', '0 kW');
    const { text } = replaced('interconnectPower: 50 kW', '50 kW', '0 kW');
    expect(inventoryOfSpec(noSwitches, FILE).superPods[0]).toMatchObject({ switchPowerPerRackW: 0 });
    expect(inventoryOfSpec(text, FILE).superPods[0]).toMatchObject({ interconnectPowerW: 0 });
    const { text: allLiquid } = replaced('airCapacity: 20 kW\n', '20 kW', '0 kW');
    expect(inventoryOfSpec(allLiquid, FILE).racks[0]!.cooling).toMatchObject({
      liquidCapacityW: 90_000,
      airCapacityW: 0,
    });
  });
});
