import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSourced, sourcedFields } from '../../src/catalog/describe.ts';
import { getSource, listAccelerators, listModels, listNodeTypes } from '../../src/catalog/index.ts';
import { catalog, DEFAULT_CATALOG_DIR, readCatalogDirectory } from '../../src/catalog/load.ts';
import { type CatalogFileKind, validateCatalogFile } from '../../src/catalog/validate.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const dataOf = (kind: CatalogFileKind) =>
  JSON.parse(readFileSync(join(DEFAULT_CATALOG_DIR, `${kind}.json`), 'utf8')) as Record<string, unknown>;

describe('catalogue loading', () => {
  it('loads, validates and lists every required id', () => {
    expect(listAccelerators().map((a) => a.id)).toEqual([
      'atlas-350',
      'ascend-950pr',
      'ascend-950dt',
      'ascend-910b',
      'ascend-910c',
      'h20',
      'h100-sxm',
      'h200-sxm',
      'b200',
    ]);
    expect(listNodeTypes().map((n) => n.id)).toEqual([
      'atlas-350-server',
      'atlas-350-server-16',
      'atlas-350-4p-server',
      'atlas-350-4p-server-16',
      'ascend-950dt-node',
      'atlas-800t-a2',
      'dgx-h100',
      'dgx-h200',
      'dgx-b200',
      'hgx-h20',
    ]);
    expect(listModels().map((m) => m.id)).toEqual([
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.1-405b',
      'qwen3-32b',
      'qwen3-235b-a22b',
      'deepseek-v3',
      'mixtral-8x7b',
      'gpt-oss-120b',
    ]);
  });

  it('caches one deep-frozen catalogue', () => {
    expect(catalog()).toBe(catalog());
    const atlas = listAccelerators()[0]!;
    expect(Object.isFrozen(atlas)).toBe(true);
    expect(Object.isFrozen(atlas.denseTflops.bf16)).toBe(true);
    expect(() => {
      (atlas.hbm.capacityGiB as { value: number | null }).value = 1;
    }).toThrow(TypeError);
  });

  it('gives every number a source that exists and a confidence that matches its value', () => {
    const entries = [...listAccelerators(), ...listNodeTypes(), ...listModels()];
    let numbers = 0;
    for (const entry of entries) {
      for (const { path, sourced } of sourcedFields(entry)) {
        numbers++;
        expect(() => getSource(sourced.source), `${entry.id} ${path}`).not.toThrow();
        if (sourced.value === null) expect(sourced.confidence, `${entry.id} ${path}`).toBe('unknown');
        else expect(sourced.confidence, `${entry.id} ${path}`).not.toBe('unknown');
        if (sourced.confidence === 'estimated' || sourced.confidence === 'unknown') {
          expect(sourced.note, `${entry.id} ${path} needs its derivation or reason`).toBeTruthy();
        }
      }
    }
    expect(numbers).toBeGreaterThan(100);
    for (const model of listModels()) expect(() => getSource(model.source)).not.toThrow();
  });

  it('keeps no bare number outside a Sourced value, except node accelerator counts and model shapes', () => {
    const bare: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (isSourced(value)) return;
      if (typeof value === 'number') bare.push(path);
      else if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
      }
    };
    for (const a of listAccelerators()) walk(a, a.id);
    for (const n of listNodeTypes()) walk({ ...n, acceleratorCount: undefined }, n.id);
    for (const m of listModels()) walk({ ...m, architecture: undefined }, m.id);
    expect(bare).toEqual([]);
  });

  it('holds the published numbers the brief fixes', () => {
    const atlas = listAccelerators().find((a) => a.id === 'atlas-350')!;
    expect(atlas.denseTflops.bf16?.value).toBe(378);
    expect(atlas.denseTflops.fp8?.value).toBe(756);
    expect(atlas.denseTflops.mxfp8?.value).toBe(756);
    expect(atlas.denseTflops.mxfp4).toMatchObject({
      value: 1560,
      source: 'S_guancha_atlas350',
      confidence: 'vendor-claimed',
    });
    expect(atlas.denseTflops.mxfp4?.note).toContain('1513');
    expect([atlas.hbm.capacityGiB.value, atlas.hbm.bandwidthTBps.value, atlas.tdpW.value]).toEqual([112, 1.4, 600]);
    expect(atlas.kubernetes).toMatchObject({
      resourceName: 'huawei.com/npu',
      acceleratorLabel: 'huawei-npu',
      chipName: 'Ascend950PR',
    });
    expect(atlas.kubernetes.aiCores?.value).toBe(28);
    for (const id of ['ascend-950pr', 'ascend-950dt', 'ascend-910c']) {
      const tdp = listAccelerators().find((a) => a.id === id)!.tdpW;
      expect(tdp, id).toMatchObject({ value: null, confidence: 'unknown' });
    }
    const nine10 = listAccelerators().filter((a) => a.family === 'ascend-910');
    for (const a of nine10) {
      expect(a.supportedPrecisions).toEqual(['bf16', 'fp16', 'int8']);
      expect(a.kubernetes.resourceName).toBe('huawei.com/Ascend910');
    }
    const b200 = listAccelerators().find((a) => a.id === 'b200')!;
    expect(b200.supportedPrecisions).toEqual(expect.arrayContaining(['mxfp8', 'mxfp4', 'nvfp4']));
    const dt = listNodeTypes().find((n) => n.id === 'ascend-950dt-node')!;
    expect(dt.kubernetes).toEqual({ acceleratorType: '950-SuperPod-Atlas-8', schedulePolicy: 'chip8-node8-ra64-sp' });
    expect(dt.liquidFraction).toMatchObject({ value: 0.8, confidence: 'estimated' });
  });
});

describe('catalogue schemas', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the tests mutate arbitrary catalogue JSON
  const copy = (kind: CatalogFileKind) => structuredClone(dataOf(kind)) as Record<string, Array<Record<string, any>>>;

  it('accepts the shipped files', () => {
    for (const kind of ['sources', 'accelerators', 'node-types', 'models'] as const) {
      expect(() => validateCatalogFile(kind, dataOf(kind), `${kind}.json`)).not.toThrow();
    }
  });

  it('fails when a confidence is not one of the four levels', () => {
    const data = copy('accelerators');
    data.accelerators![2]!.hbm.capacityGiB.confidence = 'rumour';
    const error = inputErrorOf(() => validateCatalogFile('accelerators', data, 'accelerators.json'));
    expect(error.where).toBe('accelerators.json');
    expect(error.problem).toContain('entry "ascend-950dt" hbm.capacityGiB.confidence must be one of');
    expect(error.value).toBe('rumour');
    expect(error.fix).toContain('vendor-claimed');
  });

  it('fails when a known confidence comes with a null value', () => {
    const data = copy('accelerators');
    data.accelerators![0]!.tdpW.value = null;
    const error = inputErrorOf(() => validateCatalogFile('accelerators', data, 'accelerators.json'));
    expect(error.problem).toContain('entry "atlas-350" tdpW.value must be number');
    expect(error.fix).toContain('"confidence": "unknown"');
  });

  it('fails when an unknown value carries a number', () => {
    const data = copy('accelerators');
    data.accelerators![1]!.tdpW.value = 700;
    const error = inputErrorOf(() => validateCatalogFile('accelerators', data, 'accelerators.json'));
    expect(error.problem).toContain('entry "ascend-950pr" tdpW.value must be null');
    expect(error.value).toBe(700);
  });

  it('fails when a number is negative', () => {
    const data = copy('node-types');
    data.nodeTypes![6]!.hostPowerW.value = -4600;
    const error = inputErrorOf(() => validateCatalogFile('node-types', data, 'node-types.json'));
    expect(error.problem).toContain('entry "dgx-h100" hostPowerW.value must be > 0');
    expect(error.value).toBe(-4600);
  });

  it('fails when an entry has an unknown field, and lists the allowed ones', () => {
    const data = copy('models');
    data.models![0]!.architecture.hiddenSzie = 4096;
    const error = inputErrorOf(() => validateCatalogFile('models', data, 'models.json'));
    expect(error.problem).toBe('entry "llama-3.1-8b" architecture.hiddenSzie is not a known field');
    expect(error.fix).toContain('hiddenSize');
  });

  it('fails when a required field is missing, naming the line of the entry', () => {
    const data = copy('models');
    delete data.models![5]!.architecture.layers;
    const text = JSON.stringify(data, null, 2);
    const error = inputErrorOf(() => validateCatalogFile('models', data, 'models.json', text));
    expect(error.problem).toBe('entry "deepseek-v3" architecture is missing "layers"');
    const line = Number(error.where.split(':')[1]);
    expect(text.split('\n')[line - 1]).toContain('"architecture"');
  });

  it('fails when a precision is not one the toolkit knows', () => {
    const data = copy('accelerators');
    data.accelerators![0]!.supportedPrecisions.push('fp6');
    const error = inputErrorOf(() => validateCatalogFile('accelerators', data, 'accelerators.json'));
    expect(error.problem).toContain('supportedPrecisions.5 must be one of');
    expect(error.value).toBe('fp6');
  });
});

describe('catalogue cross-references', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  // biome-ignore lint/suspicious/noExplicitAny: the tests mutate arbitrary catalogue JSON
  function brokenCatalogue(kind: CatalogFileKind, mutate: (data: any) => void): string {
    dir = mkdtempSync(join(tmpdir(), 'superpod-catalog-'));
    cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
    const data = dataOf(kind);
    mutate(data);
    writeFileSync(join(dir, `${kind}.json`), `${JSON.stringify(data, null, 2)}\n`);
    return dir;
  }

  it('reads an intact copy', () => {
    const copyDir = brokenCatalogue('models', () => {});
    expect(readCatalogDirectory(copyDir).models).toHaveLength(8);
  });

  it('fails when a number cites a source that sources.json does not list', () => {
    const d = brokenCatalogue('accelerators', (data) => {
      data.accelerators[6].tdpW.source = 'S_nowhere';
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.where).toMatch(/accelerators\.json:\d+:\d+$/);
    expect(error.problem).toBe('entry "h100-sxm" tdpW.source names a source that sources.json does not list');
    expect(error.value).toBe('S_nowhere');
    expect(error.fix).toContain('sources.json');
  });

  it('fails when a node type names an unknown accelerator', () => {
    const d = brokenCatalogue('node-types', (data) => {
      data.nodeTypes[0].acceleratorId = 'atlas-360';
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.problem).toContain('entry "atlas-350-server" acceleratorId names an accelerator');
    expect(error.fix).toContain('atlas-350');
  });

  it('fails when the default card count is outside min..max', () => {
    const d = brokenCatalogue('node-types', (data) => {
      data.nodeTypes[0].acceleratorCount.default = 9;
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.problem).toContain('acceleratorCount needs min <= default <= max');
  });

  it('fails when a UB group does not divide the card counts', () => {
    const d = brokenCatalogue('node-types', (data) => {
      data.nodeTypes[2]!.acceleratorCount.min = 1;
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.problem).toBe(
      'entry "atlas-350-4p-server" ubGroupSize.value does not divide the accelerator counts 1 to 8: a node holds whole UB groups',
    );
    expect(error.value).toBe(4);
  });

  it('fails when supported precisions and rated precisions disagree', () => {
    const d = brokenCatalogue('accelerators', (data) => {
      data.accelerators[3].supportedPrecisions.push('fp8');
    });
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.problem).toContain(
      'entry "ascend-910b" supportedPrecisions lists fp8 but denseTflops has no fp8 entry',
    );
  });

  it('fails when a file is not valid JSON, with line and column', () => {
    const d = brokenCatalogue('models', () => {});
    const path = join(d, 'models.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"layers": 32,', '"layers": 32,,'));
    const error = inputErrorOf(() => readCatalogDirectory(d));
    expect(error.where).toMatch(/models\.json:9:22$/);
    expect(error.problem).toContain('not valid JSON');
  });

  it('fails when two entries share an id', () => {
    const d = brokenCatalogue('models', (data) => {
      data.models[1].id = 'llama-3.1-8b';
    });
    expect(inputErrorOf(() => readCatalogDirectory(d)).problem).toContain('id "llama-3.1-8b" is already used');
  });
});
