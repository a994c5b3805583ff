import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityFiles } from '../../src/app/capacity-files.ts';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import {
  CAPACITY_JSON_FILE,
  CAPACITY_SCHEMA_URL,
  type CapacityDocument,
  parseCapacityDocument,
  readCapacityFile,
} from '../../src/capacity/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const BASE_SPEC = path.resolve(import.meta.dirname, '../compare/fixtures/reference-base.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-capacity-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const schema = JSON.parse(fs.readFileSync(CAPACITY_SCHEMA_URL, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

async function documentOf(
  spec: string,
  opts: { schedule?: false; price?: { cardHourPrice: number } } = {},
): Promise<{ doc: CapacityDocument; text: string }> {
  const inventory = await loadInventory(spec);
  const { files, document } = capacityFiles(inventory, capacityReportInputs(inventory, opts));
  return { doc: document, text: files[CAPACITY_JSON_FILE] };
}

let reference: { doc: CapacityDocument; text: string };
beforeAll(async () => {
  reference = await documentOf(BASE_SPEC);
}, 120_000);

describe('capacity.json', () => {
  it('validates against the JSON Schema shipped in the package', () => {
    const data = JSON.parse(reference.text);
    expect(validate.errors ?? null, JSON.stringify(validate.errors)).toBeNull();
    expect(validate(data)).toBe(true);
    expect(data.schemaVersion).toBe(1);
    expect(data.kind).toBe('CapacityReport');
  });

  it('carries the totals, racks, nodes, services, scheduling and findings of the reference stack', () => {
    const doc = reference.doc;
    expect(doc.stack).toBe('pd-slice');
    expect(doc.totals).toMatchObject({
      superPods: 1,
      racks: 7,
      nodes: 44,
      npus: 352,
      npusByAccelerator: { 'ascend-950dt': 256, 'atlas-350': 96 },
      itNameplateKw: 385.28,
      usedU: 176,
    });
    // 4 decode racks x 8 nodes x (8 x 900 W + 1.6 kW) = 281.6 kW, 80% to liquid; the prefill racks are air-cooled.
    expect(doc.totals.liquidHeatKw).toBeCloseTo(225.28, 2);
    expect(doc.totals.facilityKw).toBeCloseTo(385.28 * 1.15, 2);
    // This spec sets no designPue, switch or interconnect power: the peak draw POWER-004 holds against the 1 MW budget
    // falls back to the annual PUE, the same 443.1 kW, as a lower bound.
    expect(doc.superPods[0]).toMatchObject({ facilityBudgetKw: 1000 });
    expect(doc.superPods[0]!.peakFacilityKw).toBeCloseTo(385.28 * 1.15, 2);
    expect(doc.racks.map((r) => r.id)).toContain('pod-a/decode-rack-3');
    expect(doc.nodes).toHaveLength(44);
    const service = doc.services[0]!;
    expect(service).toMatchObject({ id: 'deepseek-v3', verdict: 'meets', mode: 'disaggregated', npus: 224 });
    expect(service.tpotMs).toBeGreaterThan(0);
    expect(service.tpotMs!).toBeLessThan(service.slo.tpotMs);
    // 224 cards serve 20 req/s x 1,024 output tokens: 224 card-hours per 20,480 x 3,600 tokens.
    expect(service.cardHoursPerMillionOutputTokens).toBeCloseTo((224 / (20480 * 3600)) * 1e6, 4);
    expect(service.costPerMillionOutputTokens).toBeNull();
    expect(doc.scheduling?.policies.length).toBeGreaterThan(0);
    expect(doc.findings).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('records the price the costs rest on, and null (costs unknown) without one', async () => {
    expect(reference.doc.price).toBeNull();
    expect(reference.doc.services.every((s) => s.costPerMillionOutputTokens === null)).toBe(true);
    const { doc, text } = await documentOf(BASE_SPEC, { schedule: false, price: { cardHourPrice: 2.5 } });
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.price).toEqual({ basis: 'card-hour-price', cardHourPrice: 2.5 });
    const [service] = doc.services;
    expect(service!.costPerMillionOutputTokens).toBeCloseTo(2.5 * service!.cardHoursPerMillionOutputTokens!, 4);
    // A file written before the price was recorded still reads.
    const { price: _, ...older } = JSON.parse(reference.text);
    expect(parseCapacityDocument(older, 'older.json').price).toBeUndefined();
  }, 120_000);

  it('is byte-identical for the same input', async () => {
    const again = await documentOf(BASE_SPEC);
    expect(again.text).toBe(reference.text);
  }, 120_000);

  it('keeps finding fingerprints when the lines that created them move', async () => {
    const broken = fs
      .readFileSync(BASE_SPEC, 'utf8')
      .replace('current: 150 A', 'current: 50 A')
      .replace(/^ *source: .*\n/gm, '');
    const first = path.join(tmp, 'broken.yaml');
    const moved = path.join(tmp, 'moved.yaml');
    fs.writeFileSync(first, broken);
    fs.writeFileSync(moved, `# two lines\n# moved down\n${broken}`);
    const a = (await documentOf(first, { schedule: false })).doc.findings.items;
    const b = (await documentOf(moved, { schedule: false })).doc.findings.items;
    expect(a.length).toBeGreaterThan(0);
    expect(a.some((f) => f.ruleId === 'POWER-002')).toBe(true);
    expect(b.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(a.length);
  }, 120_000);

  it('fails when a document breaks the schema, naming the field', () => {
    const data = JSON.parse(reference.text);
    data.totals.npus = 'many';
    expect(inputErrorOf(() => parseCapacityDocument(data, 'base.json')).message).toMatch(
      /^base\.json: capacity report at totals\.npus must be integer/,
    );
  });

  it('fails when a document has another schemaVersion or is not a capacity report', () => {
    const data = JSON.parse(reference.text);
    expect(inputErrorOf(() => parseCapacityDocument({ ...data, schemaVersion: 2 }, 'x.json')).message).toMatch(
      /schemaVersion 2 is not supported/,
    );
    expect(
      inputErrorOf(() => parseCapacityDocument({ apiVersion: 'superpod.dev/v1alpha1' }, 'x.json')).message,
    ).toMatch(/not a capacity report/);
  });

  it('fails when the file is not JSON', () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{"kind": "CapacityReport",');
    expect(inputErrorOf(() => readCapacityFile(file, 'bad.json')).message).toMatch(/^bad\.json: not valid JSON/);
  });
});
