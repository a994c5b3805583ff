import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldChanges, showValue } from '../../src/deploy/compare.ts';
import { mapLimit } from '../../src/deploy/deploy.ts';

describe('fieldChanges', () => {
  it('takes a whole number and the same number as a string for no change (int-or-string quantities)', () => {
    const byProvider = { spec: { capability: { 'huawei.com/npu': 256 }, weight: 1 } };
    const bySuperpod = { spec: { capability: { 'huawei.com/npu': '256' }, weight: '2' } };
    expect(fieldChanges(byProvider, bySuperpod)).toEqual([{ path: 'spec.weight', from: 1, to: '2' }]);
  });

  it('ignores what the API server maintains and lists real changes by path', () => {
    const live = {
      metadata: {
        name: 'x',
        resourceVersion: '1',
        generation: 1,
        managedFields: [{ manager: 'a' }],
        labels: { a: '1' },
      },
      spec: { replicas: 2, template: { containers: [{ image: 'a' }, { image: 'b' }] } },
      status: { ready: 2 },
    };
    const after = {
      metadata: { name: 'x', resourceVersion: '9', generation: 2, managedFields: [], labels: { a: '1', b: '2' } },
      spec: { replicas: 3, template: { containers: [{ image: 'a' }, { image: 'c' }] } },
      status: { ready: 0 },
    };
    expect(fieldChanges(live, after)).toEqual([
      { path: 'metadata.labels.b', from: undefined, to: '2' },
      { path: 'spec.replicas', from: 2, to: 3 },
      { path: 'spec.template.containers[1].image', from: 'b', to: 'c' },
    ]);
    expect(showValue(undefined)).toBe('(none)');
  });

  it('reports a field the stack no longer sets (a removed label is a change, not "in sync")', () => {
    const live = { metadata: { labels: { app: 'x', tier: 'decode' } }, spec: { replicas: 2 } };
    const desired = { metadata: { labels: { app: 'x' } }, spec: { replicas: 2 } };
    expect(fieldChanges(live, desired)).toEqual([{ path: 'metadata.labels.tier', from: 'decode', to: undefined }]);
    expect(fieldChanges(desired, live)).toEqual([{ path: 'metadata.labels.tier', from: undefined, to: 'decode' }]);
  });

  it('reports a list that grows or shrinks as one change of the whole list', () => {
    const before = { spec: { args: ['--port', '8000'] } };
    const after = { spec: { args: ['--port', '8000', '--tp', '8'] } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'spec.args', from: ['--port', '8000'], to: ['--port', '8000', '--tp', '8'] },
    ]);
    expect(fieldChanges(after, before)).toEqual([
      { path: 'spec.args', from: ['--port', '8000', '--tp', '8'], to: ['--port', '8000'] },
    ]);
  });

  it('ignores the revision annotation the Deployment controller sets, but not other annotations', () => {
    const live = {
      metadata: { annotations: { 'deployment.kubernetes.io/revision': '7', team: 'serving' } },
    };
    const desired = { metadata: { annotations: { team: 'serving' } } };
    expect(fieldChanges(live, desired)).toEqual([]);
    expect(fieldChanges({ metadata: { annotations: { team: 'a' } } }, desired)).toEqual([
      { path: 'metadata.annotations.team', from: 'a', to: 'serving' },
    ]);
  });

  it('finds no change between an object and its copy (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(fieldChanges(value, structuredClone(value))).toEqual([]);
      }),
    );
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('fails with the earliest failing item, whatever finishes first', async () => {
    const run = mapLimit([0, 1, 2], 3, async (i) => {
      await new Promise((r) => setTimeout(r, 10 - i * 4));
      if (i > 0) throw new Error(`item ${i}`);
      return i;
    });
    await expect(run).rejects.toThrow('item 1');
  });
});
