/**
 * Every verdict, message, fix and figure the built-in packs give for four clusters, against reviewed text in
 * `test/policy/golden/`: a spec built to break almost every rule (with a site power and water budget), the same spec
 * with workloads that fit memory but miss their latency targets (with default and with tight parameters), the spec
 * that uses every field, and the reference stack. A rule whose verdict, wording or arithmetic changes shows up as a diff here.
 * After a deliberate change, review the diff and write the files with SUPERPOD_WRITE_GOLDEN=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import { type CheckReport, type PolicyConfig, runChecks } from '../../src/policy/index.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';
import { CANONICAL_SPEC } from '../spec/canonical-spec.ts';
import { TROUBLE_SPEC } from './golden/trouble-spec.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');

const load = inventoryOfSpec;

/** One line per verdict, then each finding with its message, fix, figures and related places. */
function render(report: CheckReport): string {
  const lines = report.evaluations.map(
    (e) => `${e.ruleId} ${e.subject.label}: ${e.status}${e.reason ? ` (${e.reason})` : ''}`,
  );
  for (const f of report.findings) {
    lines.push('', `${f.ruleId} ${f.level} ${f.subject.label}${f.suppressed ? ' [suppressed]' : ''}`);
    lines.push(`  message: ${f.message}`, `  fix: ${f.fix}`);
    if (f.data) lines.push(`  data: ${JSON.stringify(f.data)}`);
    for (const r of f.related ?? []) lines.push(`  related: ${JSON.stringify(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

function expectGolden(name: string, report: CheckReport) {
  const file = path.join(GOLDEN, `${name}.txt`);
  const text = render(report);
  if (process.env.SUPERPOD_WRITE_GOLDEN === '1') fs.writeFileSync(file, text);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

const SITE_BUDGETS = {
  parameters: { 'power.siteBudgetKw': 60, 'cooling.siteWaterBudgetLitresPerHour': 1 },
} as unknown as PolicyConfig;

/** The trouble spec with workloads that fit in memory but are far too slow for their targets. */
const SLOW_SPEC = TROUBLE_SPEC.replace('model: llama-3.1-70b', 'model: llama-3.1-8b')
  .replace('parallelism: { tp: 1 } }', 'parallelism: { tp: 8 } }')
  .replace('model: hugectr-180table-70b', 'model: dlrm-v2')
  .replace('slo: { p99: 1 ms }', 'slo: { p99: 0.01 ms }');

/**
 * The trouble spec with what a reviewer often lacks: a node of unknown power and mass in the hot rack (every figure
 * becomes "at least"), nodes with two liquid fractions, and no design-day PUE.
 */
const PARTIAL_SPEC = TROUBLE_SPEC.replace('    designPue: 1.4\n', '').replace(
  '            weight: 80 kg\n      - name: air',
  '            weight: 80 kg\n            liquidFraction: 0.7\n          - name: blank\n            type: ascend-950dt-node\n            role: spare\n            height: 4\n      - name: air',
);

/** Every pack parameter that can turn a pass into a finding, turned that way. */
const TIGHT = {
  parameters: {
    'cooling.airRackCeilingKw': 5,
    'cooling.maxLiquidClass': 'W17',
    'cooling.maxAirClass': 'H1',
    'memory.headroomFraction': 0.95,
    'fabric.maxTpLevel': 'X',
    'fabric.maxEpLevel': 'X',
    'fabric.kvTransferUtilisation': 0.000001,
  },
} as unknown as PolicyConfig;

describe('the built-in packs, verdict by verdict', () => {
  it('on a spec that breaks almost every rule, with site budgets', () => {
    expectGolden(
      'trouble',
      runChecks(load(TROUBLE_SPEC, 'trouble.yaml'), { packs: builtInPacks, config: SITE_BUDGETS }),
    );
  });

  it('on workloads that fit memory but miss their latency targets', () => {
    expect(SLOW_SPEC).not.toBe(TROUBLE_SPEC);
    expectGolden('slow', runChecks(load(SLOW_SPEC, 'slow.yaml'), { packs: builtInPacks }));
  });

  it('on the same workloads with every threshold parameter turned tight', () => {
    expectGolden('tight', runChecks(load(SLOW_SPEC, 'slow.yaml'), { packs: builtInPacks, config: TIGHT }));
  });

  it('on the same spec with unknown inputs, where every figure is a lower bound', () => {
    expect(PARTIAL_SPEC).toContain('name: blank');
    expect(PARTIAL_SPEC).not.toContain('designPue');
    expectGolden(
      'partial',
      runChecks(load(PARTIAL_SPEC, 'partial.yaml'), { packs: builtInPacks, config: SITE_BUDGETS }),
    );
  });

  it('on the spec that uses every field', () => {
    expectGolden('everything', runChecks(load(CANONICAL_SPEC, 'everything.yaml'), { packs: builtInPacks }));
  });

  it('on the reference stack', async () => {
    expectGolden('reference', runChecks(await loadInventory(), { packs: builtInPacks }));
  }, 60_000);
});
