import { describe, expect, it } from 'vitest';
import { type CapacityReportRequest, capacityReportInputs } from '../../src/app/checks.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { predictService } from '../../src/perf/index.ts';
import * as report from '../../src/report/index.ts';
import { renderCapacityHtml, renderCapacityMarkdown } from '../../src/report/index.ts';
import { aggregatedService, disaggregatedService, dtNode, rack, slice, trainingJob } from './fixtures.ts';

/** Two policies keep the scheduler part of these tests quick; the bench runs all of them. */
const FAST: CapacityReportRequest = { schedule: { policies: ['first-fit', 'fgd'] } };

/** The report of a stack with its checks and predictions made once, as synth and `superpod report` make them. */
function capacityReportFiles(inv: Inventory, request: CapacityReportRequest = {}) {
  return report.capacityReportFiles(inv, capacityReportInputs(inv, request));
}

function collectCapacityData(inv: Inventory, request: CapacityReportRequest = {}) {
  return report.collectCapacityData(inv, capacityReportInputs(inv, request));
}

function html(inv: Inventory, options: CapacityReportRequest = FAST): string {
  return capacityReportFiles(inv, options)['reports/capacity.html'];
}

function markdown(inv: Inventory, options: CapacityReportRequest = FAST): string {
  return capacityReportFiles(inv, options)['reports/capacity.md'];
}

/** The `id`s of a page and the `#fragment`s it links to. */
function anchors(page: string): { ids: Set<string>; links: string[] } {
  const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  const links = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  return { ids, links };
}

describe('capacity report page', () => {
  it('is one self-contained page: inline style and SVG, no script, no external resource', () => {
    const page = html(slice({ workloads: [disaggregatedService()] }));
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|\ssrc=/i);
    expect(page).not.toMatch(/url\((?!#)/);
    const withoutNamespaces = page.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
  });

  it('gives the same bytes for the same inventory', () => {
    const inv = slice({ workloads: [disaggregatedService(), trainingJob()] });
    const a = capacityReportFiles(inv, FAST);
    const b = capacityReportFiles(inv, FAST);
    expect(a['reports/capacity.html']).toBe(b['reports/capacity.html']);
    expect(a['reports/capacity.md']).toBe(b['reports/capacity.md']);
  });

  it('draws a front elevation for every rack with every node at its U position', () => {
    const inv = slice();
    const page = html(inv, { schedule: false });
    const racks = [...page.matchAll(/<figure class="elevation[^"]*" id="[^"]+" data-rack="([^"]+)"/g)].map((m) => m[1]);
    expect(racks).toEqual(inv.racks.map((r) => r.id));
    const nodes = [...page.matchAll(/<g class="node" data-node="([^"]+)" data-role="([^"]+)"/g)];
    expect(nodes.map((m) => m[1]).sort()).toEqual(inv.nodes.map((n) => n.id).sort());
    expect(nodes.filter((m) => m[2] === 'prefill')).toHaveLength(4);
    expect(page).toContain('reserved 8U');
  });

  it('links every heat-map cell and table row to an element of the page', () => {
    const inv = slice({ workloads: [disaggregatedService()] });
    const { ids, links } = anchors(html(inv));
    expect(links.length).toBeGreaterThan(6 * inv.racks.length);
    for (const link of links) expect(ids.has(link), `#${link} has a target`).toBe(true);
  });

  it('shows power, heat and redundancy per rack with the derated limits', () => {
    const page = html(slice(), { schedule: false });
    expect(page).toContain('70.4 kW');
    expect(page).toContain('192.0 kW');
    expect(page).toContain('35.2/96.0 kW');
    expect(page).toContain('70.4/96.0 kW');
    expect(page).toContain('56.3 kW / 90.0 kW');
    expect(page).toContain('A/B (2N) <span class="badge ok">holds</span>');
  });

  it('marks a rack whose surviving busbar cannot carry it', () => {
    const nodes = Array.from({ length: 10 }, (_, n) => dtNode('decode-0', n, { uPosition: 9 + 4 * n }));
    const inv = slice({
      racks: [rack('decode-0', 0, { reservedU: 4 })],
      nodes: nodes.map((n) => ({ ...n, uPosition: n.uPosition - 4 })),
    });
    // 10 x 8.8 = 88 kW fits one side's 96 kW; add one more node for 96.8 kW.
    const over = slice({
      racks: inv.racks,
      nodes: [...inv.nodes, dtNode('decode-0', 10, { uPosition: 45 })],
    });
    const page = html(over, { schedule: false });
    expect(page).toContain('<span class="badge bad">fails</span>');
    expect(page).toContain('figure class="elevation over"');
    const md = markdown(over, { schedule: false });
    expect(md).toContain('| `pod-a/decode-0` | 96.8 kW | 50% | 101% |');
  });
});

describe('facility power: the budget figure and the energy figure', () => {
  it('holds the budget against the peak draw POWER-004 checks, and names the annual-PUE average as the energy basis', () => {
    const inv = slice();
    const pod = {
      ...inv.superPods[0]!,
      designPue: 1.3,
      switchPowerPerRackW: 10_000,
      interconnectPowerW: 50_000,
      facilityPowerBudgetW: 200_000,
    };
    const data = collectCapacityData({ ...inv, superPods: [pod] }, { schedule: false });
    // Nodes 8 x 8,800 + 4 x 8,640 = 104,960 W (busbars: no shelf loss); switches 2 racks x 10,000 = 20,000 W;
    // interconnect 50,000 W; IT 174,960 W x design-day PUE 1.3 = 227,448 W, 114% of the 200 kW budget.
    // The average load is the nodes' 104,960 W x the annual PUE 1.15 = 120,704 W.
    const figures = data.site.pods[0]!;
    expect(figures.peak.itW).toBe(174_960);
    expect(figures.peak.facilityW).toBeCloseTo(227_448, 6);
    expect(figures.facilityW).toBeCloseTo(120_704, 6);
    const power004 = data.checks.findings.find((f) => f.ruleId === 'POWER-004');
    expect(power004?.data).toMatchObject({ facilityW: figures.peak.facilityW, budgetW: 200_000 });
    const page = renderCapacityHtml(data);
    expect(page).toContain(
      '<td class="bad">227.4 kW = 175.0 kW IT (nodes 105.0 kW + rack switches 20.0 kW + interconnect 50.0 kW) × design-day PUE 1.3; 114% of the 200.0 kW budget</td>',
    );
    expect(page).toContain('<td>120.7 kW at annual PUE 1.15</td>');
    const md = renderCapacityMarkdown(data);
    expect(md).toContain('| 227.4 kW | 114% of 200.0 kW |');
  });
});

describe('per-service sections', () => {
  it('shows memory fit, TTFT and TPOT against the SLO, goodput and a roofline per accelerator of a disaggregated service', () => {
    const inv = slice({ workloads: [disaggregatedService()] });
    const data = collectCapacityData(inv, { schedule: false });
    const s = data.services[0]!;
    const expected = predictService(inv, disaggregatedService(), { allowUnknownPower: true });
    expect(s.prediction).toEqual(expected);
    expect(s.rooflines.map((r) => r.accelerator)).toEqual(['atlas-350', 'ascend-950dt']);
    expect(new Set(s.rooflines[0]!.points.map((p) => p.phase))).toEqual(new Set(['prefill']));
    expect(new Set(s.rooflines[1]!.points.map((p) => p.phase))).toEqual(new Set(['decode']));
    for (const r of s.rooflines) {
      for (const p of r.points) {
        // No operator beats its roof: min(peak, intensity x bandwidth).
        const roof = Math.min(Math.max(...r.roofs.map((x) => x.flopsPerSecond)), p.intensity * r.hbmBandwidthBps);
        expect(p.flopsPerSecond).toBeLessThanOrEqual(roof * 1.0001);
      }
    }
    const page = renderCapacityHtml(data);
    expect(page).toContain('id="service-0-deepseek-v3"');
    expect(page).toContain('aria-label="TTFT and TPOT of deepseek-v3 against the SLO"');
    expect(page).toContain('aria-label="Memory per device of deepseek-v3"');
    expect(page.match(/aria-label="Roofline of /g)).toHaveLength(2);
    // The Atlas 350's 112 GiB = 112 x 2^30 = 120,259,084,288 B = 120.3 GB, shown with the GiB the catalogue holds.
    expect(page).toContain(`${expected.pools[0]!.memory.totalGB.toFixed(1)} / 120.3 GB (112 GiB)`);
    expect(page).toContain('KV cache transfer');
    expect(page).toContain('meets its SLO');
  });

  it('places both phases of an aggregated service on one roofline', () => {
    const data = collectCapacityData(slice({ workloads: [aggregatedService()] }), { schedule: false });
    const s = data.services[0]!;
    expect(s.prediction?.mode).toBe('aggregated');
    expect(s.rooflines).toHaveLength(1);
    expect(new Set(s.rooflines[0]!.points.map((p) => p.phase))).toEqual(new Set(['prefill', 'decode']));
  });

  it('gives the cost per million output tokens from a card-hour price', () => {
    const inv = slice({ workloads: [aggregatedService()] });
    const s = collectCapacityData(inv, { schedule: false, price: { cardHourPrice: 2 } }).services[0]!;
    const p = s.prediction!;
    const perCard = p.outputTokensPerSecond / 8;
    expect(s.cost?.perMillionOutputTokens).toBeCloseTo((2 / (3600 * perCard)) * 1e6, 9);
    expect(s.costNote).toBeNull();
    const without = collectCapacityData(inv, { schedule: false }).services[0]!;
    expect(without.cost).toBeNull();
    expect(without.costNote).toContain('--card-hour-price');
  });

  it('fails when a service cannot be predicted: the section says why and the rest of the report stands', () => {
    const bad = disaggregatedService({
      decode: { pool: 'decode', replicas: 1, parallelism: { tp: 3, pp: 1, ep: 1, dp: 1 } },
    });
    const inv = slice({ workloads: [bad] });
    const data = collectCapacityData(inv, { schedule: false });
    expect(data.services[0]!.prediction).toBeNull();
    expect(data.services[0]!.error).toMatch(/tensor parallelism must divide/);
    expect(renderCapacityHtml(data)).toContain('The performance model cannot predict this service');
    expect(renderCapacityMarkdown(data)).toContain('| deepseek-v3 | not predicted |');
  });

  it('says the SLO is missed when the decode pool is too small for the traffic', () => {
    const inv = slice({
      workloads: [aggregatedService({ traffic: { requestsPerSecond: 5000, inputTokens: 2048, outputTokens: 256 } })],
    });
    const data = collectCapacityData(inv, { schedule: false });
    expect(data.services[0]!.prediction!.meetsSlo.ttft && data.services[0]!.prediction!.meetsSlo.tpot).toBe(false);
    const page = renderCapacityHtml(data);
    expect(page).toMatch(/misses its SLO|cannot serve the load/);
    expect(page).toContain('<div class="tile bad"><div class="v">0 / 1</div>');
  });

  it('says there is nothing to predict for a stack without services', () => {
    const page = html(slice(), { schedule: false });
    expect(page).toContain('No inference services in this stack');
    expect(markdown(slice(), { schedule: false })).toContain('No inference services in this stack.');
  });

  it('escapes names from the inventory', () => {
    const page = html(slice({ workloads: [aggregatedService({ id: '<img src=x onerror=alert(1)>', name: 'evil' })] }), {
      schedule: false,
    });
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('scheduling section', () => {
  it("runs the FGD experiment per policy on the stack's own workloads", () => {
    const inv = slice({ workloads: [aggregatedService(), trainingJob()] });
    const data = collectCapacityData(inv, FAST);
    expect(data.schedule?.workload).toBe('stack');
    expect(data.schedule?.runs.map((r) => r.policy)).toEqual(['first-fit', 'fgd']);
    for (const run of data.schedule!.runs) {
      expect(run.totalDevices).toBe(96);
      expect(Object.keys(run.allocationRatio).length).toBeGreaterThan(10);
    }
    const page = renderCapacityHtml(data);
    expect(page).toContain('aria-label="NPU allocation against arrived demand, one line per placement policy"');
    expect(page).toContain('Topology quality');
  });

  it('uses the synthetic Ascend mix when the stack declares no workloads', () => {
    const data = collectCapacityData(slice(), FAST);
    expect(data.schedule?.workload).toBe('synthetic');
    expect(data.schedule!.runs[0]!.arrivedPods).toBeGreaterThan(0);
    expect(renderCapacityHtml(data)).toContain('the scheduler&#39;s synthetic Ascend mix');
  });

  it('can be left out', () => {
    expect(html(slice(), { schedule: false })).toContain('Left out of this report.');
  });
});

describe('policy findings', () => {
  it('lists findings grouped by rule and every suppression with its reason', () => {
    const nodes = [
      ...Array.from({ length: 8 }, (_, n) => dtNode('decode-0', n)),
      dtNode('decode-0', 8, { acceleratorTdpW: null }),
    ];
    const inv = slice({
      racks: [rack('decode-0', 0, { reservedU: 4 })],
      nodes: nodes.map((n) => ({ ...n, uPosition: n.uPosition - 4 })),
      suppressions: [
        { ruleId: 'PHYS-003', target: 'pod-a/decode-0', reason: 'chassis mass confirmed by the vendor in Q1' },
      ],
    });
    const data = collectCapacityData(inv, { schedule: false });
    expect(data.checks.findings.some((f) => f.ruleId === 'POWER-001')).toBe(true);
    const page = renderCapacityHtml(data);
    expect(page).toContain('<strong>POWER-001</strong>');
    expect(page).toContain('pod-a/decode-0/dt-8');
    expect(page).toContain('chassis mass confirmed by the vendor in Q1');
    expect(page).toContain('Missing inputs');
    expect(renderCapacityMarkdown(data)).toContain('chassis mass confirmed by the vendor in Q1');
  });
});

describe('Markdown summary', () => {
  it('stays short for a large pod: the worst racks, then a count of the rest', () => {
    const racks = Array.from({ length: 64 }, (_, i) => rack(`r-${String(i).padStart(2, '0')}`, i));
    const nodes = racks.flatMap((r) => Array.from({ length: 9 }, (_, n) => dtNode(r.name, n)));
    const inv = slice({ racks, nodes });
    const md = markdown(inv, { schedule: false });
    expect(md).toContain('Racks above 80% of a limit (64; worst first):');
    expect(md).toContain('… and 49 more.');
    expect(md.split('\n').filter((l) => l.startsWith('| `pod-a/r-'))).toHaveLength(15);
    expect(md.length).toBeLessThan(8000);
  });

  it('collapses the table of all racks of a large pod behind the racks that need attention', () => {
    const racks = Array.from({ length: 40 }, (_, i) => rack(`r-${i}`, i));
    const nodes = racks.flatMap((r, i) => Array.from({ length: i === 7 ? 10 : 4 }, (_, n) => dtNode(r.name, n)));
    const page = html(slice({ racks, nodes: nodes.map((n) => ({ ...n, uPosition: n.uPosition })) }), {
      schedule: false,
    });
    expect(page).toContain('<details class="all-racks"><summary>All 40 racks</summary>');
    const attention = page.slice(
      page.indexOf('Racks above 80% of a limit'),
      page.indexOf('<details class="all-racks">'),
    );
    expect(attention).toContain('pod-a/r-7');
    expect(attention).not.toContain('pod-a/r-8<');
  });
});
