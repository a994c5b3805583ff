import fs from 'node:fs';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { capacityFiles } from '../../src/app/capacity-files.ts';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { CAPACITY_SCHEMA_URL, type CapacityDocument } from '../../src/capacity/index.ts';
import { getAccelerator, getModel, getNodeType } from '../../src/catalog/index.ts';
import type { InferenceServiceInfo, Inventory } from '../../src/inventory/types.ts';
import { planCapacity } from '../../src/perf/index.ts';
import type { CapacityReportOptions } from '../../src/report/index.ts';

const FOUR = ['atlas-350 prefill + ascend-950dt decode', 'h20', 'h200-sxm', 'b200'];

let inventory: Inventory;
let options: CapacityReportOptions;
let files: ReturnType<typeof capacityFiles>['files'];
let doc: CapacityDocument;
beforeAll(async () => {
  inventory = await loadInventory();
  options = capacityReportInputs(inventory, { schedule: false });
  ({ files, document: doc } = capacityFiles(inventory, options));
}, 120_000);

const service = () => inventory.workloads.find((w): w is InferenceServiceInfo => w.kind === 'inference-service')!;
const alternatives = (d: CapacityDocument = doc) => d.services[0]!.alternatives!;
const html = () => files['reports/capacity.html'];
const section = () =>
  html().slice(
    html().indexOf('<section id="alternatives">'),
    html().indexOf('</section>', html().indexOf('<section id="alternatives">')),
  );
const row = (label: string) =>
  section()
    .split('<tr>')
    .find((r) => r.startsWith(`<td>${label}`))!
    .split('</tr>')[0]!;

describe('hardware alternatives of the reference stack', () => {
  it('lists exactly the declared Atlas 350 prefill + 950DT decode and H20, H200, B200 on the page, in capacity.md and in capacity.json', () => {
    expect(alternatives().map((a) => a.hardware)).toEqual(FOUR);
    expect(alternatives().map((a) => a.declared)).toEqual([true, false, false, false]);
    expect(section().split('<tr>').length - 2).toBe(4);
    for (const label of FOUR) expect(row(label)).toBeDefined();
    const md = files['reports/capacity.md'];
    const table = md.slice(md.indexOf('### Hardware alternatives'), md.indexOf('### Scheduling'));
    expect(table.split('\n').filter((l) => /^\| (atlas|h20|h200|b200)/.test(l))).toHaveLength(4);
  });

  it('shows the planner’s accelerator count: B200 sized by planCapacity directly gives the same NPUs on the page and in capacity.json', () => {
    const s = service();
    const plan = planCapacity({
      model: getModel(s.modelId),
      traffic: s.traffic,
      slo: s.slo,
      precisions: [s.precision],
      hardware: [
        { accelerator: getAccelerator('b200'), nodeType: getNodeType('dgx-b200'), price: { cardHourPrice: 1 } },
      ],
    });
    const b200 = alternatives().find((a) => a.hardware === 'b200')!;
    expect(b200.npus).toBe(plan.cards);
    expect(b200.nodes).toBe(plan.nodes);
    expect(b200.nodeTypes).toEqual(['dgx-b200']);
    expect(row('b200')).toContain(`${plan.cards} (${plan.nodes})`);
    // By hand: card-hours per million output tokens = NPUs x 1e6 / (3600 s x 20 req/s x 1,024 output tokens).
    expect(b200.cardHoursPerMillionOutputTokens!.value).toBeCloseTo((plan.cards * 1e6) / (3600 * 20 * 1024), 3);
    // tokens/J = 1 / (3.6 x kWh per million output tokens), its range the inverted kWh range.
    const kWh = b200.energyPerMillionOutputTokensKWh!;
    expect(b200.outputTokensPerJoule!.value).toBeCloseTo(1 / (3.6 * kWh.value), 4);
    expect(b200.outputTokensPerJoule!.p10).toBeCloseTo(1 / (3.6 * kWh.p90), 4);
  });

  it('sizes the declared hardware in the service’s own prefill/decode pools, with the stack’s 950DT TDP and host power', () => {
    const declared = alternatives()[0]!;
    expect(declared.mode).toBe('disaggregated');
    expect(declared.pools.map((p) => [p.role, p.accelerator])).toEqual([
      ['prefill', 'atlas-350'],
      ['decode', 'ascend-950dt'],
    ]);
    expect(declared.accelerators).toEqual(['atlas-350', 'ascend-950dt']);
    // The stack sets the 950DT node's host power (1.6 kW), so power covers whole nodes, not the cards only.
    expect(declared.powerCovers).toBe('nodes');
  });

  it('marks every Ascend 950 figure extrapolated and no GPU one', () => {
    const [declared, ...gpus] = alternatives();
    expect(declared!.extrapolated).toBe(true);
    expect(declared!.calibration).toBe('extrapolated');
    for (const f of [
      declared!.wallPowerKw,
      declared!.cardHoursPerMillionOutputTokens,
      declared!.energyPerMillionOutputTokensKWh,
      declared!.outputTokensPerJoule,
    ]) {
      expect(f!.basis).toBe('extrapolated');
      expect(f!.p10).toBeLessThanOrEqual(f!.value);
      expect(f!.p90).toBeGreaterThanOrEqual(f!.value);
    }
    for (const g of gpus) {
      expect(g.extrapolated).toBe(false);
      expect(g.cardHoursPerMillionOutputTokens!.basis).not.toBe('extrapolated');
    }
    expect(row(FOUR[0]!)).toContain('extrapolated');
    for (const label of FOUR.slice(1)) expect(row(label)).not.toContain('extrapolated');
    // The 950's range is wider than the H200's, relative to its value: a reviewer sees how much less certain it is.
    const spread = (a: (typeof gpus)[number]) =>
      (a.cardHoursPerMillionOutputTokens!.p90 - a.cardHoursPerMillionOutputTokens!.p10) /
      a.cardHoursPerMillionOutputTokens!.value;
    expect(spread(declared!)).toBeGreaterThan(spread(gpus.find((g) => g.hardware === 'h200-sxm')!));
  });

  it('shows no cost without a price per accelerator-hour: not evaluated, never invented', () => {
    for (const a of alternatives()) {
      expect(a.costPerMillionOutputTokens).toBeNull();
      expect(a.costNote).toMatch(/^no price per accelerator-hour for /);
    }
    expect(section()).toContain('not evaluated');
  });

  it('prices the declared accelerators at the report’s card-hour price and any accelerator at its own price', () => {
    const { document } = capacityFiles(inventory, {
      ...options,
      price: { cardHourPrice: 2 },
      alternatives: { cardHourPrices: { b200: 6 } },
    });
    const [declared, h20, h200, b200] = alternatives(document);
    expect(declared!.costPerMillionOutputTokens!.value).toBeCloseTo(
      2 * declared!.cardHoursPerMillionOutputTokens!.value,
      3,
    );
    expect(b200!.costPerMillionOutputTokens!.value).toBeCloseTo(6 * b200!.cardHoursPerMillionOutputTokens!.value, 3);
    expect(b200!.costPerMillionOutputTokens!.p90).toBeCloseTo(6 * b200!.cardHoursPerMillionOutputTokens!.p90, 3);
    expect(h20!.costPerMillionOutputTokens).toBeNull();
    expect(h200!.costNote).toBe('no price per accelerator-hour for h200-sxm');
  });

  it('validates against the capacity.json schema and gives the same bytes on a second run', () => {
    const schema = JSON.parse(fs.readFileSync(CAPACITY_SCHEMA_URL, 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate(JSON.parse(files['reports/capacity.json'])), JSON.stringify(validate.errors)).toBe(true);
    const again = capacityFiles(inventory, options).files;
    expect(again['reports/capacity.html']).toBe(files['reports/capacity.html']);
    expect(again['reports/capacity.json']).toBe(files['reports/capacity.json']);
  });

  it('fails when the 950DT TDP is unknown: the declared option says why it has no plan, the GPU options stand', () => {
    const unknownTdp: Inventory = {
      ...inventory,
      nodes: inventory.nodes.map((n) => (n.acceleratorId === 'ascend-950dt' ? { ...n, acceleratorTdpW: null } : n)),
    };
    const { document, files: f } = capacityFiles(unknownTdp, { ...options, checks: options.checks });
    const [declared, ...gpus] = alternatives(document);
    expect(declared!.npus).toBeNull();
    expect(declared!.reason).toMatch(/TDP of ascend-950dt/);
    expect(declared!.extrapolated).toBe(true);
    expect(gpus.map((g) => g.npus)).toEqual(
      alternatives()
        .slice(1)
        .map((g) => g.npus),
    );
    expect(f['reports/capacity.html']).toMatch(/no plan: [^<]*TDP of ascend-950dt/);
  });

  it('leaves the section and the field out when the report is asked to', () => {
    const { document, files: f } = capacityFiles(inventory, { ...options, alternatives: false });
    expect(document.services[0]!.alternatives).toBeNull();
    expect(f['reports/capacity.html']).not.toContain('id="alternatives"');
    expect(f['reports/capacity.md']).not.toContain('Hardware alternatives');
  });
});
