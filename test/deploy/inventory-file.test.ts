import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryJson, readInventoryFile } from '../../src/deploy/inventory-file.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import type { Inventory } from '../../src/inventory/types.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-inventory-file-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// The envelope readInventoryFile checks; the engines validate the racks and nodes themselves.
const envelope = {
  schemaVersion: 1,
  superClusters: [],
  superPods: [],
  racks: [{ id: 'rack-1' }],
  nodes: [{ name: 'dt-0', rackId: 'rack-1' }],
  nodePools: [],
  workloads: [],
  suppressions: [],
};

function written(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

function failure(file: string): Pick<SuperpodInputError, 'where' | 'problem' | 'value' | 'fix'> {
  try {
    readInventoryFile(file);
  } catch (error) {
    if (!SuperpodInputError.is(error)) throw error;
    return { where: error.where, problem: error.problem, value: error.value, fix: error.fix };
  }
  throw new Error(`${file} was read without an error`);
}

describe('readInventoryFile', () => {
  it('reads back what inventoryJson writes', () => {
    const file = written('ok.json', inventoryJson(envelope as unknown as Inventory));
    expect(readInventoryFile(file)).toEqual(envelope);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(envelope, null, 2)}\n`);
  });

  it('fails on a missing file, saying how to make one', () => {
    const missing = path.join(work, 'missing.json');
    const { problem, fix } = failure(missing);
    expect(problem).toMatch(/the inventory file/);
    expect(fix).toBe('run `superpod inventory import --out <file>` first');
  });

  it('fails on text that is not JSON, quoting the parser', () => {
    const file = written('broken.json', '{"schemaVersion": 1,');
    const { where, problem, fix } = failure(file);
    expect(where).toBe(file);
    expect(problem).toMatch(/^not JSON: .+/);
    expect(fix).toBe('pass a file written by `superpod inventory import`');
  });

  it.each([
    ['another schema version', { ...envelope, schemaVersion: 2 }, 2],
    ['no schema version', { ...envelope, schemaVersion: undefined }, undefined],
    ['a list', [envelope], undefined],
    ['null', null, undefined],
    ['a number', 1, undefined],
  ])('fails on %s: not a superpod Inventory', (_, data, value) => {
    const file = written('other.json', JSON.stringify(data));
    expect(failure(file)).toEqual({
      where: file,
      problem: 'not a superpod Inventory (schemaVersion 1)',
      value,
      fix: 'pass a file written by `superpod inventory import`',
    });
  });

  it.each(['superClusters', 'superPods', 'racks', 'nodes', 'nodePools', 'workloads', 'suppressions'])(
    'fails when %s is missing or not a list',
    (list) => {
      for (const broken of [
        { ...envelope, [list]: undefined },
        { ...envelope, [list]: {} },
      ]) {
        const file = written(`${list}.json`, JSON.stringify(broken));
        expect(failure(file)).toEqual({
          where: `${file}: ${list}`,
          problem: 'missing or not a list',
          value: undefined,
          fix: 're-run `superpod inventory import`',
        });
      }
    },
  );

  it('fails on a node whose rack the file does not hold, naming both', () => {
    const nodes = [...envelope.nodes, { name: 'dt-9', rackId: 'rack-9' }];
    const file = written('orphan.json', JSON.stringify({ ...envelope, nodes }));
    expect(failure(file)).toEqual({
      where: `${file}: node dt-9`,
      problem: 'names a rack the file does not hold',
      value: 'rack-9',
      fix: 're-run `superpod inventory import`',
    });
  });
});
