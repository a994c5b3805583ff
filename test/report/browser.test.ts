/**
 * Acceptance test of the capacity report in a real headless Chromium (Debian's `chromium`, driven by playwright-core;
 * no browser is ever downloaded). Set SUPERPOD_SKIP_BROWSER=1 to skip it where no Chromium can be installed; without
 * that, a missing Chromium fails the test and says how to install it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { capacityReportFiles } from '../../src/report/index.ts';
import { decodePng, pixelVariety } from './png.ts';

const CHROMIUM = process.env.SUPERPOD_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = process.env.SUPERPOD_SKIP_BROWSER === '1';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (SKIP) {
  console.warn(
    '\n!!! SUPERPOD_SKIP_BROWSER=1: the capacity report browser acceptance test is SKIPPED (no headless Chromium run) !!!\n',
  );
}

describe.skipIf(SKIP)('capacity report in headless Chromium', () => {
  let dir: string;
  let file: string;
  let inventory: Inventory;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: install Debian's (apt-get update && apt-get install -y chromium), point SUPERPOD_CHROMIUM at one, or set SUPERPOD_SKIP_BROWSER=1 to skip this test`,
      );
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-report-browser-'));
    inventory = await loadInventory();
    file = path.join(dir, 'capacity.html');
    fs.writeFileSync(file, capacityReportFiles(inventory, capacityReportInputs(inventory))['reports/capacity.html']);
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error and no network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((url) => url !== `file://${file}`)).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('draws an elevation for every rack of the reference stack, with its nodes', async () => {
    const racks = await page.$$eval('figure.elevation', (figures) =>
      figures.map((f) => ({
        rack: f.getAttribute('data-rack'),
        nodes: f.querySelectorAll('svg g.node').length,
        height: f.querySelector('svg.elevation-svg')?.getBoundingClientRect().height ?? 0,
      })),
    );
    expect(inventory.racks.length).toBeGreaterThan(0);
    expect(racks.map((r) => r.rack)).toEqual(inventory.racks.map((r) => r.id));
    for (const r of racks) {
      expect(r.nodes).toBe(inventory.nodes.filter((n) => n.rackId === r.rack).length);
      expect(r.height).toBeGreaterThan(100);
    }
  });

  it('renders a screenshot that is not blank', async () => {
    const png = await page.screenshot({ fullPage: false });
    fs.writeFileSync(path.join(dir, 'top.png'), png);
    const variety = pixelVariety(decodePng(png));
    expect(variety.colours).toBeGreaterThan(50);
    expect(variety.nonBackground).toBeGreaterThan(0.05);
  }, 60_000);

  it('drills down from a heat-map cell to the rack elevation', async () => {
    const href = await page.locator('svg.heatmap a').first().getAttribute('href');
    expect(href).toMatch(/^#rack-/);
    await page.locator('svg.heatmap a').first().click();
    expect(await page.evaluate('location.hash')).toBe(href);
    // Evaluated in the page (strings: this project compiles without the DOM library).
    const inView = await page.evaluate(
      `(() => { const box = document.getElementById(${JSON.stringify(href!.slice(1))}).getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight; })()`,
    );
    expect(inView).toBe(true);
  }, 60_000);
});
