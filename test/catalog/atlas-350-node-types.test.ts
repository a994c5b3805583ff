import { describe, expect, it } from 'vitest';
import { listNodeTypes } from '../../src/catalog/index.ts';
import { isAscendSchedulePolicy } from '../../src/scheduler/ascend.ts';

describe('Atlas 350 servers as MindCluster knows them', () => {
  it('lists the 8- and 16-card servers without and with 4-card UB groups, each with its schedule policy', () => {
    const atlas350 = listNodeTypes()
      .filter((t) => t.acceleratorId === 'atlas-350')
      .map((t) => ({
        id: t.id,
        cards: t.acceleratorCount.max,
        ubGroupSize: t.ubGroupSize?.value,
        acceleratorType: t.kubernetes.acceleratorType,
        schedulePolicy: t.kubernetes.schedulePolicy,
      }));
    expect(atlas350).toEqual([
      {
        id: 'atlas-350-server',
        cards: 8,
        ubGroupSize: 1,
        acceleratorType: '350-Atlas-8',
        schedulePolicy: 'chip1-node8',
      },
      {
        id: 'atlas-350-server-16',
        cards: 16,
        ubGroupSize: 1,
        acceleratorType: '350-Atlas-16',
        schedulePolicy: 'chip1-node16',
      },
      {
        id: 'atlas-350-4p-server',
        cards: 8,
        ubGroupSize: 4,
        acceleratorType: '350-Atlas-4p-8',
        schedulePolicy: 'chip4-node8',
      },
      {
        id: 'atlas-350-4p-server-16',
        cards: 16,
        ubGroupSize: 4,
        acceleratorType: '350-Atlas-4p-16',
        schedulePolicy: 'chip4-node16',
      },
    ]);
  });

  it('fails when a server without card-to-card links claims a UB mesh', () => {
    const linkless = listNodeTypes().filter((t) => t.ubGroupSize?.value === 1);
    expect(linkless.map((t) => [t.id, t.intraNodeTopology])).toEqual([
      ['atlas-350-server', 'pcie'],
      ['atlas-350-server-16', 'pcie'],
    ]);
  });

  it('fails when a Huawei node type has no schedule policy the simulator knows', () => {
    const huawei = listNodeTypes().filter((t) => t.vendor === 'huawei');
    const unknown = huawei.filter((t) => !isAscendSchedulePolicy(t.kubernetes.schedulePolicy ?? ''));
    expect(unknown.map((t) => t.id)).toEqual([]);
  });
});
