import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InterPodLink, UnifiedBusFabric } from '../../constructs/fabric.ts';
import { getAccelerator, getFabric } from '../../src/catalog/index.ts';
import { DEFAULT_CATALOG_DIR, readCatalogDirectory } from '../../src/catalog/load.ts';
import { ATLAS_950_FABRIC_ID, catalogFabricInfo } from '../../src/inventory/catalog-fabric.ts';
import { defaultFabric, fabricFromInventory } from '../../src/perf/fabric.ts';
import { hardwareProfile } from '../../src/perf/hardware.ts';
import { Bandwidth } from '../../src/units/index.ts';
import { inputErrorOf } from '../helpers/errors.ts';

/** Issue 13 item 6 / domain audit C7: one copy of the Atlas 950 fabric, in the catalogue, with sources. */
describe('Atlas 950 fabric in the catalogue', () => {
  const fabric = getFabric(ATLAS_950_FABRIC_ID);

  it('gives every level and uplink figure a source and a confidence', () => {
    expect(fabric.levels.map((l) => [l.name, l.scope, l.maxNpus.value])).toEqual([
      ['X', 'node', 8],
      ['Y', 'rack', 64],
      ['Z', 'superpod', 8192],
    ]);
    const figures = [
      ...fabric.levels.flatMap((l) => [l.maxNpus, l.bandwidthPerNpuGBps, l.latencyUs]),
      ...Object.values(fabric.uplinks).flatMap((u) => [u.bandwidthPerNpuGBps, u.latencyUs]),
    ];
    for (const f of figures) {
      expect(f.source).toMatch(/^S_/);
      expect(f.note?.length).toBeGreaterThan(0);
    }
  });

  it('keeps the CloudMatrix384 latencies (0.2 / 0.5 / 1 µs) over the perf copy (1 / 1.5 / 2 µs), marked estimated', () => {
    expect(fabric.levels.map((l) => l.latencyUs.value)).toEqual([0.2, 0.5, 1]);
    expect(fabric.levels.map((l) => l.latencyUs.confidence)).toEqual(['estimated', 'estimated', 'estimated']);
    expect(fabric.levels[0]!.latencyUs.note).toContain('CloudMatrix384');
  });

  it('cites the 400 Gb/s per NPU uplink to the CloudMatrix384 RoCE plane, estimated', () => {
    expect(fabric.defaultUplink).toBe('uboe');
    expect(fabric.uplinks.uboe.bandwidthPerNpuGBps).toMatchObject({
      value: 50,
      source: 'S_cm384_paper',
      confidence: 'estimated',
    });
    expect(fabric.uplinks.uboe.latencyUs).toMatchObject({ value: 2.1, source: 'S_notebookcheck' });
  });

  it('documents the full 1 TB/s per direction on X, Y and Z at once as an upper bound', () => {
    expect(fabric.levels.map((l) => l.bandwidthPerNpuGBps.value)).toEqual([1000, 1000, 1000]);
    expect(fabric.note).toContain('upper bound');
    // 2 TB/s per 950DT, read as both directions together.
    expect(getAccelerator('ascend-950dt').scaleUp).toMatchObject({
      bandwidthGBps: { value: 2 * fabric.levels[0]!.bandwidthPerNpuGBps.value },
      direction: 'bidirectional',
    });
  });

  it('is what the SuperPod construct puts in the Inventory', () => {
    const info = UnifiedBusFabric.atlas950().toInfo();
    expect(info).toEqual(catalogFabricInfo(ATLAS_950_FABRIC_ID));
    expect(info.levels.map((l) => l.latencyS)).toEqual([0.2e-6, 0.5e-6, 1e-6]);
    expect(info.levels.map((l) => l.source)).toEqual([
      'S_lucaberton,S_aitalo',
      'S_lucaberton,S_besthub_cm',
      'S_lucaberton,S_besthub_cm',
    ]);
    expect(info.uplink).toMatchObject({
      kind: 'uboe',
      bandwidthPerNpuBps: 50e9,
      latencyS: 2.1e-6,
      source: 'S_cm384_paper,S_notebookcheck',
      confidence: 'estimated',
    });
  });

  it('is the fabric the perf model assumes for a 950 chip without an Inventory', () => {
    for (const id of ['ascend-950dt', 'ascend-950pr']) {
      const fromPerf = defaultFabric(hardwareProfile(getAccelerator(id)));
      expect(fromPerf, id).toEqual(fabricFromInventory(UnifiedBusFabric.atlas950().toInfo()));
    }
  });

  it('gives InterPodLink its default latencies, with their source', () => {
    const bandwidthPerNpu = Bandwidth.gigabitsPerSecond(400);
    const uboe = InterPodLink.uboe({ bandwidthPerNpu }).toInfo();
    expect(uboe.latencyS).toBeCloseTo(fabric.uplinks.uboe.latencyUs.value * 1e-6, 12);
    expect(uboe.source).toBe('user input,S_notebookcheck');
    const roce = InterPodLink.roce({ bandwidthPerNpu }).toInfo();
    expect(roce.latencyS).toBeCloseTo(fabric.uplinks.roce.latencyUs.value * 1e-6, 12);
  });
});

describe('fabric catalogue checks', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  // biome-ignore lint/suspicious/noExplicitAny: the tests mutate the catalogue JSON
  function brokenFabrics(mutate: (data: any) => void): string {
    dir = mkdtempSync(join(tmpdir(), 'superpod-fabrics-'));
    cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
    const data = JSON.parse(readFileSync(join(DEFAULT_CATALOG_DIR, 'fabrics.json'), 'utf8'));
    mutate(data);
    writeFileSync(join(dir, 'fabrics.json'), `${JSON.stringify(data, null, 2)}\n`);
    return dir;
  }

  it('fails when a level is not a whole number of the level inside it', () => {
    const d = brokenFabrics((data) => {
      data.fabrics[0].levels[1].maxNpus.value = 60;
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.where).toMatch(/fabrics\.json:\d+:\d+$/);
    expect(error.problem).toContain('must be a whole number of X domains (8 NPUs)');
    expect(error.value).toBe(60);
  });

  it('fails when a fabric figure cites a source that sources.json does not list', () => {
    const d = brokenFabrics((data) => {
      data.fabrics[0].uplinks.uboe.latencyUs.source = 'S_nowhere';
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.problem).toContain('names a source that sources.json does not list');
    expect(error.value).toBe('S_nowhere');
  });

  it('fails when a fabric figure is unknown: the engines need every one', () => {
    const d = brokenFabrics((data) => {
      data.fabrics[0].levels[0].latencyUs = { value: null, source: 'S_ref_hardware', confidence: 'unknown' };
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.where).toMatch(/fabrics\.json/);
  });
});
