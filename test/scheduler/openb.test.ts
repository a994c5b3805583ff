import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuperpodInputError } from '../../src/errors.ts';
import { ASCEND_NODE_SHAPES, loadNodeShapes, loadOpenbNodes, loadOpenbPods } from '../../src/scheduler/openb.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const NODE_HEADER = 'sn,cpu_milli,memory_mib,gpu,model';
const POD_HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec';

function error(run: () => unknown): SuperpodInputError {
  try {
    run();
  } catch (e) {
    if (SuperpodInputError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a SuperpodInputError');
}

describe('openb node lists', () => {
  it('loads nodes with their devices, CPU, memory and model, without racks', () => {
    const spec = loadOpenbNodes(path.join(fixtures, 'nodes.csv'));
    expect(spec.nodes).toHaveLength(12);
    expect(spec.nodes.reduce((s, n) => s + n.devices, 0)).toBe(6 * 8 + 4 * 2 + 2 * 2);
    expect(spec.nodes[6]).toMatchObject({
      name: 'node-06',
      model: 'T4',
      cpuMilli: 104000,
      memoryMiB: 524288,
      rack: -1,
    });
    expect(spec.nodes[0]!.rules).toEqual({ kind: 'gpu' });
    expect(spec.tieBreak).toBe('seeded');
  });

  it('maps GPU models to Ascend node shapes with the ascend table', () => {
    const spec = loadOpenbNodes(path.join(fixtures, 'nodes.csv'), { shapes: ASCEND_NODE_SHAPES });
    expect(spec.nodes[0]!.rules).toEqual({ kind: 'ascend', policy: 'chip8-node8' });
    expect(spec.nodes[6]!.acceleratorId).toBe('atlas-350');
    expect(spec.nodes[0]!.model).toBe('G2');
  });

  it('fails when a cell is not a number, naming the file, line and column', () => {
    const e = error(() =>
      loadOpenbNodes('nodes.csv', {}, `${NODE_HEADER}\nn0,96000,393216,8,G2\nn1,96000,lots,8,G2\n`),
    );
    expect(e.where).toBe('nodes.csv:3');
    expect(e.message).toContain('column "memory_mib"');
    expect(e.message).toContain('"lots"');
  });

  it('fails when a column is missing or a row has the wrong number of cells', () => {
    expect(error(() => loadOpenbNodes('n.csv', {}, 'sn,cpu_milli,gpu,model\nn0,1,1,G2\n')).message).toContain(
      'memory_mib',
    );
    expect(error(() => loadOpenbNodes('n.csv', {}, `${NODE_HEADER}\nn0,1,1,G2\n`)).where).toBe('n.csv:2');
  });

  it('fails when a node name repeats or a node has more devices than the simulator handles', () => {
    expect(error(() => loadOpenbNodes('n.csv', {}, `${NODE_HEADER}\nn0,1,1,1,G2\nn0,1,1,1,G2\n`)).message).toContain(
      'duplicate',
    );
    expect(error(() => loadOpenbNodes('n.csv', {}, `${NODE_HEADER}\nn0,1,1,64,G2\n`)).message).toContain(
      'column "gpu"',
    );
  });

  it('fails when the file does not exist', () => {
    expect(error(() => loadOpenbNodes('/no/such/file.csv')).message).toContain('cannot read');
  });
});

describe('openb pod lists', () => {
  it('loads pods with shares, models, arrival and run time', () => {
    const wl = loadOpenbPods(path.join(fixtures, 'pods.csv'));
    expect(wl.pods).toHaveLength(80);
    const first = wl.pods[0]!;
    expect(first).toMatchObject({
      name: 'pod-000',
      devices: 1,
      milli: 1000,
      arrival: 48,
      duration: 3582 - 48,
      gang: -1,
    });
    expect(wl.pods.some((p) => p.models?.[0] === 'T4')).toBe(true);
    expect(wl.pods.filter((p) => p.devices === 0).every((p) => p.milli === 0)).toBe(true);
  });

  it('reads the five-column multigpu format', () => {
    const wl = loadOpenbPods('p.csv', 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,2,1000\n');
    expect(wl.pods[0]).toMatchObject({ devices: 2, milli: 1000, arrival: 0, duration: Number.POSITIVE_INFINITY });
  });

  it('fails when a pod asks for a share of more than one device', () => {
    const e = error(() => loadOpenbPods('p.csv', `${POD_HEADER}\np0,1000,1024,2,500,\n`));
    expect(e.where).toBe('p.csv:2');
    expect(e.message).toContain('gpu_milli');
  });

  it('fails when gpu_milli is out of range or zero for a device pod', () => {
    expect(error(() => loadOpenbPods('p.csv', `${POD_HEADER}\np0,1000,1024,1,1500,\n`)).message).toContain(
      'from 0 to 1000',
    );
    expect(error(() => loadOpenbPods('p.csv', `${POD_HEADER}\np0,1000,1024,1,0,\n`)).message).toContain('gpu_milli');
  });
});

describe('node shape tables', () => {
  it('loads a JSON table and keeps the GPU table for models it does not name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'superpod-shapes-'));
    const file = path.join(dir, 'shapes.json');
    writeFileSync(file, JSON.stringify({ G2: { accelerator: 'ascend-910b', schedulePolicy: 'chip4-node8' } }));
    const table = loadNodeShapes(file);
    expect(table.G2?.rules).toEqual({ kind: 'ascend', policy: 'chip4-node8' });
    expect(table.T4?.rules).toEqual({ kind: 'gpu' });
  });

  it('fails when a schedule policy is unknown or the file is not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'superpod-shapes-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ G2: { schedulePolicy: 'chip3-node9' } }));
    expect(error(() => loadNodeShapes(bad)).message).toContain('unknown Ascend schedule policy');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{');
    expect(error(() => loadNodeShapes(broken)).message).toContain('not a built-in shape table');
  });
});
