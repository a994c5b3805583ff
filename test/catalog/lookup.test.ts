import { describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../src/catalog/describe.ts';
import {
  getAccelerator,
  getModel,
  getNodeType,
  getSource,
  knownValue,
  listAccelerators,
  listModels,
  listNodeTypes,
} from '../../src/catalog/index.ts';
import { closestId, editDistance } from '../../src/catalog/suggest.ts';
import { inputErrorOf } from '../helpers/errors.ts';

describe('catalogue lookups', () => {
  it('finds entries by id', () => {
    expect(getAccelerator('ascend-950dt').hbm.capacityGiB.value).toBe(144);
    expect(getNodeType('atlas-350-server').acceleratorCount).toEqual({ min: 1, max: 8, default: 8 });
    expect(getModel('deepseek-v3').architecture.mla?.kvLoraRank).toBe(512);
    expect(getSource('S_cann_issue').kind).toBe('vendor community docs');
    expect(findCatalogEntry('dgx-b200').kind).toBe('node-type');
  });

  it('fails when an accelerator id is unknown, listing the known ids with a suggestion', () => {
    const error = inputErrorOf(() => getAccelerator('h100'));
    expect(error.where).toBe('catalog');
    expect(error.value).toBe('h100');
    expect(error.fix).toContain('did you mean "h100-sxm"?');
    for (const a of listAccelerators()) expect(error.fix).toContain(a.id);
  });

  it('fails when a node type id is unknown', () => {
    const error = inputErrorOf(() => getNodeType('atlas-350-srv'));
    expect(error.fix).toContain('did you mean "atlas-350-server"?');
    for (const n of listNodeTypes()) expect(error.fix).toContain(n.id);
  });

  it('fails when a model id is unknown, without a suggestion when nothing is close', () => {
    const error = inputErrorOf(() => getModel('bloom-176b'));
    expect(error.message).toBe(
      `catalog: unknown model id (got "bloom-176b"); known model ids: ${listModels()
        .map((m) => m.id)
        .join(', ')}`,
    );
  });

  it('fails when a source id is unknown', () => {
    expect(inputErrorOf(() => getSource('S_cann_isue')).fix).toContain('did you mean "S_cann_issue"?');
  });

  it('suggests close ids only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestId('atlas350', ['atlas-350', 'atlas-350-server'])).toBe('atlas-350');
    expect(closestId('llama-3-70b', ['llama-3.1-8b', 'llama-3.1-70b'])).toBe('llama-3.1-70b');
    expect(closestId('xyz', ['atlas-350', 'b200'])).toBeUndefined();
  });
});

describe('knownValue', () => {
  it('returns a known catalogue number', () => {
    expect(knownValue(getAccelerator('atlas-350').tdpW, 'atlas-350 TDP', 'pass acceleratorPower')).toBe(600);
  });

  it('fails when the catalogue number is unknown, with the caller’s fix', () => {
    const error = inputErrorOf(() =>
      knownValue(
        getAccelerator('ascend-950dt').tdpW,
        'node "pod-a/rack-01/dt-0" accelerator TDP',
        'pass acceleratorPower: Power.watts(...)',
      ),
    );
    expect(error.where).toBe('node "pod-a/rack-01/dt-0" accelerator TDP');
    expect(error.value).toBeNull();
    expect(error.fix).toBe('pass acceleratorPower: Power.watts(...)');
  });
});
