import { describe, expect, it } from 'vitest';
import { findingLine } from '../../src/policy/index.ts';
import {
  atlas350Node,
  check,
  cleanInventory,
  dtNodes,
  findingOf,
  inventory,
  openRuleIds,
  rack,
} from './fixtures/inventory.ts';

describe('PHYS-001 nodes fit the rack units', () => {
  it('passes for 8 nodes of 4U in 48U minus 8U reserved', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'PHYS-001')?.status).toBe('pass');
  });

  it('fails when 8 nodes of 4U are put in a 36U rack with 8U reserved', () => {
    const report = check(inventory({ racks: [rack('rack-01', { heightU: 36 })], nodes: dtNodes('pod-a/rack-01', 8) }));
    expect(openRuleIds(report)).toEqual(['PHYS-001']);
    expect(findingLine(findingOf(report, 'PHYS-001'))).toBe(
      'PHYS-001 rack pod-a/rack-01: 8 nodes need 32U but the rack has 36U minus 8U reserved (28U); pod-a/rack-01/dt-7 at U37-U40 is outside the usable U9-U36 — free 4U: move nodes to another rack, reserve fewer units or use a taller rack',
    );
  });

  it('fails when two nodes share units', () => {
    const nodes = dtNodes('pod-a/rack-01', 3, (n) => (n === 1 ? { uPosition: 11 } : {}));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['PHYS-001']);
    expect(findingOf(report, 'PHYS-001').message).toBe(
      'pod-a/rack-01/dt-1 at U11 overlaps pod-a/rack-01/dt-0 at U9-U12',
    );
  });

  it('fails when a node sits in the reserved units', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ uPosition: 5 }));
    expect(findingOf(check(inventory({ nodes })), 'PHYS-001').message).toBe(
      'pod-a/rack-01/dt-0 at U5-U8 is outside the usable U9-U48',
    );
  });
});

describe('PHYS-001 at its edges', () => {
  const phys001 = (report: ReturnType<typeof check>) => report.evaluations.find((e) => e.ruleId === 'PHYS-001');

  it('passes 10 nodes of 4U filling the 40 usable units exactly, U9 to U48', () => {
    expect(phys001(check(inventory({ nodes: dtNodes('pod-a/rack-01', 10) })))?.status).toBe('pass');
  });

  it('refuses a node on the last reserved unit (U8) and one whose top passes the rack (U46-U49)', () => {
    const low = dtNodes('pod-a/rack-01', 1, () => ({ uPosition: 8 }));
    expect(findingOf(check(inventory({ nodes: low })), 'PHYS-001').message).toBe(
      'pod-a/rack-01/dt-0 at U8-U11 is outside the usable U9-U48',
    );
    const high = dtNodes('pod-a/rack-01', 1, () => ({ uPosition: 46 }));
    expect(findingOf(check(inventory({ nodes: high })), 'PHYS-001').message).toBe(
      'pod-a/rack-01/dt-0 at U46-U49 is outside the usable U9-U48',
    );
    const top = dtNodes('pod-a/rack-01', 1, () => ({ uPosition: 45 }));
    expect(phys001(check(inventory({ nodes: top })))?.status).toBe('pass');
  });

  it('finds an overlap of one unit whatever order the nodes are listed in, and asks to move them', () => {
    // dt-0 at U13-U16 and dt-1 at U9-U12 touch without overlapping; dt-1 moved to U10 overlaps dt-0 by U13
    const touching = dtNodes('pod-a/rack-01', 2, (n) => ({ uPosition: n === 0 ? 13 : 9 }));
    expect(phys001(check(inventory({ nodes: touching })))?.status).toBe('pass');
    const overlapping = dtNodes('pod-a/rack-01', 2, (n) => ({ uPosition: n === 0 ? 13 : 10 }));
    const f = findingOf(check(inventory({ nodes: overlapping })), 'PHYS-001');
    expect(f.message).toBe('pod-a/rack-01/dt-0 at U13 overlaps pod-a/rack-01/dt-1 at U10-U13');
    expect(f.fix).toBe('move the nodes to free units inside the usable range');
    expect(f.data).toEqual({ usedU: 8, usableU: 40, heightU: 48, reservedU: 8 });
  });
});

describe('PHYS-002 rack weight within its limit', () => {
  it('passes at 640 kg under 1,500 kg', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'PHYS-002')?.status).toBe('pass');
  });

  it('fails when 8 nodes of 80 kg exceed a 500 kg limit', () => {
    const report = check(
      inventory({ racks: [rack('rack-01', { weightLimitKg: 500 })], nodes: dtNodes('pod-a/rack-01', 8) }),
    );
    expect(openRuleIds(report)).toEqual(['PHYS-002']);
    expect(findingOf(report, 'PHYS-002').message).toBe("640 kg of equipment exceeds the rack's 500 kg limit");
  });
});

describe('PHYS-003 node masses are known', () => {
  it('passes when every node has a mass', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'PHYS-003')?.status).toBe('pass');
  });

  it('fails (warning) once per rack when nodes have no mass, and PHYS-002 is not evaluated', () => {
    const nodes = dtNodes('pod-a/rack-01', 8, (n) => (n < 2 ? { weightKg: null } : {}));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['PHYS-003']);
    expect(findingOf(report, 'PHYS-003')).toMatchObject({
      level: 'warning',
      message:
        '2 nodes (ascend-950dt-node) have no mass in the catalogue or the stack, so the rack weight is not checked',
    });
    expect(report.evaluations.find((e) => e.ruleId === 'PHYS-002')).toMatchObject({
      status: 'not-evaluated',
      reason: '2 nodes of unknown mass (PHYS-003); the known 480 kg is within 1500 kg',
    });
  });
});

describe('PHYS-004 cards per server within the chassis slots', () => {
  it('passes 8 Atlas 350 cards in an Atlas 350 server', () => {
    const report = check(inventory({ nodes: [atlas350Node('pod-a/rack-01', 0)] }));
    expect(report.evaluations.find((e) => e.ruleId === 'PHYS-004')?.status).toBe('pass');
  });

  it('fails when an Atlas 350 server is given 16 cards', () => {
    const report = check(inventory({ nodes: [atlas350Node('pod-a/rack-01', 0, { acceleratorCount: 16 })] }));
    expect(openRuleIds(report)).toEqual(['PHYS-004']);
    expect(findingLine(findingOf(report, 'PHYS-004'))).toBe(
      'PHYS-004 node pod-a/rack-01/pr-0: 16 x atlas-350 in one atlas-350-server, which holds 1 to 8 — use at most 8 per server and add another server for more',
    );
  });
});
