import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseCapacityDocument } from '../../src/capacity/document.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { runCli } from '../helpers/cli.ts';
import { validateObject } from '../k8s/validate.ts';

const APP = 'stacks/examples/recommendation.ts';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-rec-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the recommendation example stack through the binary', () => {
  const out = path.join(work, 'out');
  let synth: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    synth = await runCli(['synth', '--app', APP, '--out', out], { timeoutMs: 120_000 });
  }, 130_000);

  it('check evaluates MEM-003, SLO-003 and COOL-007 on it and finds nothing', async () => {
    const run = await runCli(['check', '--app', APP, '--format', 'json'], { timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { evaluations: { ruleId: string; status: string }[] };
    const status = (id: string) => report.evaluations.filter((e) => e.ruleId === id).map((e) => e.status);
    expect(status('MEM-003')).toEqual(['pass']);
    expect(status('SLO-003')).toEqual(['pass']);
    // COOL-007 needs a budget: without one it does not apply.
    expect(status('COOL-007')).toEqual([]);
  }, 130_000);

  it('fails check (exit 1) when the site water budget is below what the tower uses', async () => {
    const config = path.join(work, 'water.policy.yaml');
    fs.writeFileSync(config, 'parameters:\n  cooling.siteWaterBudgetLitresPerHour: 100\n');
    const run = await runCli(['check', '--app', APP, '--config', config], { timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /ERROR {2}COOL-007 {2}stack recommendation[^\n]*\n\s+the site's cooling water \(WUE 2\.01 L\/kWh\): 139 L per hour at load exceeds the budget of 100 L per hour/,
    );
  }, 130_000);

  it('synth writes valid objects for the service on the Atlas 350 prefill servers', async () => {
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    expect(synth.stdout).toMatch(/recommendation: 1 SuperPoD, 2 racks, 8 nodes, 64 accelerators -> 12 objects/);
    const dir = path.join(out, 'stacks/recommendation/manifests');
    const objects: KubeObject[] = [];
    for (const name of fs.readdirSync(dir).sort())
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, name), 'utf8'))) objects.push(doc.toJSON());
    const service = objects
      .filter((o) => o.metadata.namespace === 'recommendation')
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(service).toEqual([
      'PodGroup/dlrm-v2',
      'Deployment/dlrm-v2',
      'Service/dlrm-v2',
      'PodDisruptionBudget/dlrm-v2',
    ]);
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: {
        replicas: number;
        template: { spec: { containers: { resources: { limits: Record<string, string> } }[] } };
      };
    };
    expect(deployment.spec.replicas).toBe(48);
    expect(deployment.spec.template.spec.containers[0]!.resources.limits['huawei.com/npu']).toBe('1');
    for (const object of objects) await validateObject(object);
  }, 60_000);

  it('synth writes the capacity page and capacity.json with the service and its water figures', () => {
    const reports = path.join(out, 'stacks/recommendation/reports');
    const doc = parseCapacityDocument(
      JSON.parse(fs.readFileSync(path.join(reports, 'capacity.json'), 'utf8')),
      'capacity.json',
    );
    expect(doc.recommendationServices).toHaveLength(1);
    expect(doc.recommendationServices![0]).toMatchObject({
      id: 'dlrm-v2',
      accelerator: 'atlas-350',
      sharding: 'replicated',
      npus: 48,
      verdict: 'meets',
      recommendationsPerSecond: 108_000_000,
      hostOffloadGB: 0,
    });
    expect(doc.recommendationServices![0]!.tables.map((t) => t.table)).toContain('cat_0');
    expect(doc.water).toMatchObject({
      wueLitresPerKWh: 2.01481,
      litresPerHour: 139.264,
      superPods: [{ id: 'card-hall', liquidPlant: null, airPlant: 'evaporative-tower' }],
      services: [{ id: 'dlrm-v2', unit: 'recommendations' }],
    });
    // 48 of the hall's 64 cards: 3/4 of its 139 L per hour, over 108 million recommendations a second.
    expect(doc.water!.services[0]!.litresPerHour).toBeCloseTo(104.448, 3);
    const markdown = fs.readFileSync(path.join(reports, 'capacity.md'), 'utf8');
    expect(markdown).toContain('### Recommendation services');
    expect(markdown).toMatch(/\| dlrm-v2 \| dlrm-v2 · 48 x 1 atlas-350 · replicated \| meets SLO \| 400,000 \/ /);
    expect(markdown).toContain('### Water');
    expect(markdown).toContain('WUE 2.01 L/kWh · 139 L per hour at nameplate load · 1,220 m³ per year at that load');
    const html = fs.readFileSync(path.join(reports, 'capacity.html'), 'utf8');
    expect(html).toContain('<section id="recommendation"><h2>Recommendation services</h2>');
    expect(html).toContain('<h4>Memory by table</h4>');
    expect(html).toContain("<h4>Where a batch's time goes</h4>");
    expect(html).toContain('<section id="water"><h2>Water</h2>');
  });
});
