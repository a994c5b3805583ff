import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capacityFiles } from '../../src/app/capacity-files.ts';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { CapacityDocument, CapacityFinding } from '../../src/capacity/index.ts';
import {
  diffCapacity,
  evaluateGate,
  MAX_FIGURE_ROWS,
  parseGateConditions,
  priceCapacity,
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareText,
} from '../../src/compare/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, 'fixtures', name);

let base: CapacityDocument;
let head: CapacityDocument;
beforeAll(async () => {
  const documentOf = async (name: string) => {
    const inventory = await loadInventory(fixture(name));
    return capacityFiles(inventory, capacityReportInputs(inventory, { schedule: false })).document;
  };
  base = await documentOf('reference-base.yaml');
  head = await documentOf('reference-head.yaml');
}, 120_000);

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A deep copy to mutate. */
function copy(doc: CapacityDocument): Mutable<CapacityDocument> {
  return JSON.parse(JSON.stringify(doc));
}

const finding = (over: Partial<CapacityFinding>): CapacityFinding => ({
  fingerprint: '0'.repeat(32),
  ruleId: 'POWER-002',
  level: 'error',
  subject: 'pod-a/decode-rack-0',
  path: 'pd-slice/pod-a/decode-rack-0',
  message: '80.0 kW exceeds the derated 64.0 kW',
  suppressedBecause: null,
  ...over,
});

describe('diffCapacity', () => {
  it('says "no capacity change" for identical inputs', () => {
    const diff = diffCapacity(base, copy(base));
    expect(diff.changed).toBe(false);
    expect(diff.figures).toEqual([]);
    expect(renderCompareMarkdown(diff)).toContain('no capacity change');
    expect(renderCompareText(diff)).toMatch(/^pd-slice: no capacity change \(352 NPUs/);
    expect(JSON.parse(renderCompareJson(diff)).changed).toBe(false);
  });

  it('shows a decode rack added and MXFP4 weights: NPUs, kW, heat, TPOT and cost with their deltas', () => {
    const diff = diffCapacity(base, head);
    const total = (figure: string) => diff.figures.find((c) => c.scope === 'total' && c.figure === figure);
    expect(total('npus')).toMatchObject({ base: 352, head: 416, delta: 64 });
    // One 950DT rack: 8 x (8 x 900 W + 1.6 kW) = 70.4 kW nameplate, 80% of it to the liquid loop.
    expect(total('itNameplateKw')?.delta).toBeCloseTo(70.4, 6);
    expect(total('liquidHeatKw')?.delta).toBeCloseTo(56.32, 6);
    expect(total('airHeatKw')?.delta).toBeCloseTo(14.08, 6);
    expect(total('facilityKw')?.delta).toBeCloseTo(70.4 * 1.15, 6);
    expect(diff.racks.added).toEqual(['pod-a/decode-rack-4']);
    expect(diff.nodes.added).toHaveLength(8);
    expect(diff.settings).toEqual([
      { service: 'deepseek-v3', setting: 'weights precision', base: 'fp8', head: 'mxfp4' },
    ]);
    const tpot = diff.figures.find((c) => c.scope === 'service' && c.figure === 'tpotMs')!;
    expect(tpot.delta!).toBeLessThan(0);
    expect(tpot.relative!).toBeCloseTo(tpot.delta! / tpot.base!, 9);

    const md = renderCompareMarkdown(diff);
    expect(md).toContain('**+64 NPUs (352 -> 416)**');
    expect(md).toContain('| NPUs | 352 | 416 | +64 | +18.2% |');
    expect(md).toContain('| IT load (nameplate) | 385.3 kW | 455.7 kW | +70.4 kW | +18.3% |');
    expect(md).toContain('heat +56.3 kW liquid, +14.1 kW air');
    expect(md).toMatch(/\| deepseek-v3: TPOT \| [\d.]+ ms \| [\d.]+ ms \| -[\d.]+ ms \| -[\d.]+% \|/);
    // The service table: new TPOT and the cost per million output tokens, each with its change.
    expect(md).toMatch(
      /\| `deepseek-v3` \| meets \| .* \| [\d.]+ ms \(-[\d.]+ ms, -[\d.]+%\) \|.*\| unknown · 3\.04 card-hours \(unchanged\) \|/,
    );
    // No price on either side: the cost is unknown, never a figure made up.
    expect(diff.price).toEqual({ base: null, head: null });
    expect(diff.figures.some((c) => c.figure === 'costPerMillionOutputTokens')).toBe(false);
    expect(md).toContain('Cost per million output tokens unknown: no price given for either side;');
    expect(md).toContain('- added 1 rack: `pod-a/decode-rack-4`');
    expect(md).toContain('0 new, 0 fixed, 0 newly suppressed');
  });

  it('prices both sides at --card-hour-price: the cost per million output tokens and its change', () => {
    const h = copy(head);
    // Twice the cards for the same traffic: twice the card-hours per million output tokens.
    const cardHours = base.services[0]!.cardHoursPerMillionOutputTokens!;
    h.services[0]!.cardHoursPerMillionOutputTokens = 2 * cardHours;
    const diff = diffCapacity(priceCapacity(base, 2.5), priceCapacity(h, 2.5));
    expect(diff.price.head).toEqual({ basis: 'card-hour-price', cardHourPrice: 2.5 });
    const cost = diff.figures.find((c) => c.figure === 'costPerMillionOutputTokens')!;
    expect(cost).toMatchObject({ subject: 'deepseek-v3', unit: 'number' });
    expect(cost.base).toBeCloseTo(2.5 * cardHours, 4);
    expect(cost.head).toBeCloseTo(5 * cardHours, 4);
    expect(cost.relative).toBeCloseTo(1, 4);
    const md = renderCompareMarkdown(diff);
    expect(md).toContain('| deepseek-v3: cost per M output tokens | 7.60 | 15.2 | +7.60 | +100.0% |');
    expect(md).toMatch(/\| 15\.2 \(\+7\.60, \+100\.0%\) \|\n/);
    expect(md).toContain('Cost per million output tokens at 2.5 per card-hour.');
    expect(md).toContain(' · cost per M output tokens: deepseek-v3 +7.60 (+100.0%) · ');
    expect(renderCompareText(diff)).toContain('cost per million output tokens at 2.5 per card-hour');
    expect(JSON.parse(renderCompareJson(diff)).price.base).toEqual({ basis: 'card-hour-price', cardHourPrice: 2.5 });
    expect(evaluateGate(diff, parseGateConditions(['cost>10%']))[0]!.reasons).toEqual([
      'deepseek-v3 cost per M output tokens 7.59548 -> 15.191 (+100.0%)',
    ]);
  });

  it('shows the cost as unknown, not removed, when one side has no price', () => {
    const diff = diffCapacity(base, priceCapacity(head, 2.5));
    expect(diff.figures.some((c) => c.figure === 'costPerMillionOutputTokens')).toBe(false);
    const md = renderCompareMarkdown(diff);
    expect(md).toContain('| unknown · 3.04 card-hours (unchanged) |');
    expect(md).toContain('Cost per million output tokens unknown: no price given for the base;');
  });

  it('lists SLO verdicts that flipped and services added and removed', () => {
    const h = copy(head);
    h.services[0]!.verdict = 'misses';
    h.services[0]!.meetsTpot = false;
    h.services.push({ ...h.services[0]!, id: 'qwen3-chat', verdict: 'meets' });
    const b = copy(base);
    b.services.push({ ...b.services[0]!, id: 'old-chat' });
    const diff = diffCapacity(b, h);
    expect(diff.sloFlips.map((f) => [f.service, f.base, f.head])).toEqual([['deepseek-v3', 'meets', 'misses']]);
    expect(diff.services).toEqual({ added: ['qwen3-chat'], removed: ['old-chat'] });
    const md = renderCompareMarkdown(diff);
    expect(md).toContain('### SLO verdicts that flipped');
    expect(md).toMatch(/\| `deepseek-v3` \| meets \| \*\*misses\*\* \|/);
    expect(md).toContain('- added `qwen3-chat` (meets)');
    expect(md).toContain('- removed `old-chat`');
  });

  it('matches findings by fingerprint: new, fixed and newly suppressed, never a moved one', () => {
    const b = copy(base);
    const h = copy(head);
    b.findings.items = [
      finding({ fingerprint: 'a'.repeat(32) }),
      finding({ fingerprint: 'b'.repeat(32), ruleId: 'COOL-001' }),
      finding({ fingerprint: 'c'.repeat(32), ruleId: 'MEM-002', level: 'warning' }),
    ];
    h.findings.items = [
      // Same fingerprint, another message (its figures moved): the same finding.
      finding({ fingerprint: 'a'.repeat(32), message: '81.0 kW exceeds the derated 64.0 kW' }),
      finding({
        fingerprint: 'c'.repeat(32),
        ruleId: 'MEM-002',
        level: 'warning',
        suppressedBecause: 'accepted for now',
      }),
      finding({ fingerprint: 'd'.repeat(32), ruleId: 'FAB-001', subject: 'deepseek-v3' }),
    ];
    const diff = diffCapacity(b, h);
    expect(diff.findings.new.map((f) => f.ruleId)).toEqual(['FAB-001']);
    expect(diff.findings.fixed.map((f) => f.ruleId)).toEqual(['COOL-001']);
    expect(diff.findings.newlySuppressed.map((f) => f.ruleId)).toEqual(['MEM-002']);
    const md = renderCompareMarkdown(diff);
    expect(md).toContain('1 new, 1 fixed, 1 newly suppressed');
    expect(md).toMatch(/\| new \| error \| FAB-001 \| `deepseek-v3` \|/);
    expect(md).toMatch(/\| newly suppressed \| warning \| MEM-002 \| .*\(suppressed: accepted for now\) \|/);
    expect(md).toMatch(/\| fixed \| error \| COOL-001 \|/);
  });

  it('bounds the comment on a large change, largest changes first, and counts the rest', () => {
    const b = copy(base);
    const h = copy(base);
    const racks = Array.from({ length: 200 }, (_, i) => ({ ...b.racks[0]!, id: `pod-a/r-${i}` }));
    b.racks = racks;
    h.racks = racks.map((r, i) => ({ ...r, itNameplateKw: r.itNameplateKw * (1 + (i + 1) / 1000) }));
    const diff = diffCapacity(b, h);
    expect(diff.figures).toHaveLength(200);
    const md = renderCompareMarkdown(diff);
    const rows = md.split('\n').filter((l) => l.startsWith('| pod-a/r-'));
    expect(rows).toHaveLength(MAX_FIGURE_ROWS);
    expect(rows[0]).toMatch(/^\| pod-a\/r-199: IT load/);
    expect(md).toContain(`… and ${200 - MAX_FIGURE_ROWS} more changed figures`);
    expect(md.length).toBeLessThan(10_000);
    expect(JSON.parse(renderCompareJson(diff)).figures).toHaveLength(200);
  });
});

describe('--fail-on', () => {
  it('fails on slo only when a service that met its SLO misses it', () => {
    const conditions = parseGateConditions(['slo']);
    expect(evaluateGate(diffCapacity(base, head), conditions)[0]!.reasons).toEqual([]);
    const h = copy(head);
    h.services[0]!.verdict = 'misses';
    const [result] = evaluateGate(diffCapacity(base, h), conditions);
    expect(result!.reasons).toEqual([expect.stringMatching(/^deepseek-v3: met its SLO, now misses it/)]);
    // Already missing in base: not this change's doing.
    const b = copy(base);
    b.services[0]!.verdict = 'misses';
    expect(evaluateGate(diffCapacity(b, h), conditions)[0]!.reasons).toEqual([]);
  });

  it('compares thresholds in percent or in the unit of the figure', () => {
    const diff = diffCapacity(base, head);
    const reasons = (c: string) => evaluateGate(diff, parseGateConditions([c]))[0]!.reasons;
    expect(reasons('power>5%')).toHaveLength(1);
    expect(reasons('power>20%')).toEqual([]);
    expect(reasons('power>70kW')).toHaveLength(1);
    expect(reasons('power>71kW')).toEqual([]);
    expect(reasons('npus>63')).toHaveLength(1);
    expect(reasons('npus>64')).toEqual([]);
    expect(reasons('heat>25%')).toEqual([]);
    expect(reasons('heat>18%')).toHaveLength(1);
    expect(reasons('tpot<-10%')).toHaveLength(1);
    expect(reasons('cost>10%')).toEqual([]);
    expect(reasons('new-errors')).toEqual([]);
  });

  it('accepts repeated and comma-separated conditions', () => {
    expect(parseGateConditions(['slo,new-errors', 'power>5%']).map((c) => c.kind)).toEqual([
      'named',
      'named',
      'threshold',
    ]);
  });

  it.each([
    ['latency>5%', /unknown metric "latency"/],
    ['power>>5', /not a condition/],
    ['power>5ms', /not a condition/],
    ['slo-ish', /not a condition/],
  ])('fails when the condition is %s', (raw, message) => {
    expect(inputErrorOf(() => parseGateConditions([raw])).message).toMatch(message);
  });
});
