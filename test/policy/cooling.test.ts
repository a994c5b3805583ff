import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { findingLine, runChecks } from '../../src/policy/index.ts';
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

const cooling = (overrides: Partial<ReturnType<typeof rack>['cooling']>) => ({ ...rack().cooling, ...overrides });

describe('COOL-001 liquid heat within the rack liquid capacity', () => {
  it('passes at 56.3 kW of liquid heat on a 90 kW loop', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'COOL-001')?.status).toBe('pass');
  });

  it('fails when 8 nodes put 56.3 kW on a 50 kW loop', () => {
    const report = check(
      cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ liquidCapacityW: 50_000 }) })] }),
    );
    expect(openRuleIds(report)).toEqual(['COOL-001']);
    expect(findingLine(findingOf(report, 'COOL-001'))).toBe(
      "COOL-001 rack pod-a/rack-01: 56.3 kW of liquid heat (liquid fraction 0.8 of the liquid-cooled nodes' load) exceeds the liquid loop's 50.0 kW — remove 1 node or raise the rack's liquid capacity",
    );
  });
});

describe('COOL-001 at its edges', () => {
  const status = (report: ReturnType<typeof check>) => report.evaluations.find((e) => e.ruleId === 'COOL-001')?.status;

  it('passes at exactly its capacity: 8 nodes x 8.8 kW x 0.8 = 56,320 W on a 56,320 W loop', () => {
    const at = (w: number) =>
      check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ liquidCapacityW: w }) })] }));
    expect(status(at(56_320))).toBe('pass');
    expect(status(at(56_319))).toBe('fail');
  });

  it('sheds the nodes with most liquid heat first, gives the range of fractions and leaves air-cooled nodes out', () => {
    // seven nodes at fraction 0.5 (4.4 kW each) and the last at 0.95 (8.36 kW): 39.16 kW on a 32 kW loop. Removing
    // the 0.95 node alone sheds 8.36 kW of the 7.16 kW excess; two 0.5 nodes would be needed otherwise.
    const nodes = [
      ...dtNodes('pod-a/rack-01', 8, (n) => ({ liquidFraction: n === 7 ? 0.95 : 0.5 })),
      atlas350Node('pod-a/rack-01', 8),
    ];
    const report = check(
      inventory({ racks: [rack('rack-01', { cooling: cooling({ liquidCapacityW: 32_000 }) })], nodes }),
    );
    const f = findingOf(report, 'COOL-001');
    expect(findingLine(f)).toBe(
      "COOL-001 rack pod-a/rack-01: 39.2 kW of liquid heat (liquid fraction 0.5-0.95 of the liquid-cooled nodes' load) exceeds the liquid loop's 32.0 kW — remove 1 node or raise the rack's liquid capacity",
    );
    expect(f.data).toEqual({ liquidHeatW: 39_160, liquidCapacityW: 32_000, nodesToRemove: 1 });
  });
});

describe('COOL-002 air heat within the rack air capacity', () => {
  it('passes at 14.1 kW of residual air heat on a 20 kW air path', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'COOL-002')?.status).toBe('pass');
  });

  it('fails when the residual 14.1 kW exceeds a 12 kW air path', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ airCapacityW: 12_000 }) })] }));
    expect(openRuleIds(report)).toEqual(['COOL-002']);
    expect(findingOf(report, 'COOL-002').message).toBe(
      "14.1 kW of air heat (residual of the liquid-cooled nodes) exceeds the rack's 12.0 kW air path",
    );
    expect(findingOf(report, 'COOL-002').fix).toBe(
      'remove 2 nodes or raise the air capacity (rear-door heat exchanger)',
    );
  });

  it('fails when air-cooled Atlas 350 servers put all 34.6 kW on air', () => {
    const nodes = [0, 1, 2, 3].map((n) => atlas350Node('pod-a/rack-01', n));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['COOL-002']);
    expect(findingOf(report, 'COOL-002').message).toBe(
      "34.6 kW of air heat (4 air-cooled nodes 34.6 kW, residual of liquid-cooled nodes 0.0 kW) exceeds the rack's 20.0 kW air path",
    );
  });
});

describe('COOL-002 at its edges', () => {
  const status = (report: ReturnType<typeof check>) => report.evaluations.find((e) => e.ruleId === 'COOL-002')?.status;

  it('passes at exactly its air path: 8 nodes x (8.8 - 7.04) kW = 14,080 W', () => {
    const at = (w: number) =>
      check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ airCapacityW: w }) })] }));
    expect(status(at(14_080))).toBe('pass');
    expect(status(at(14_079))).toBe('fail');
  });

  it('sheds the node with most air heat first: the air-cooled server beside liquid-cooled nodes', () => {
    // air heat: seven 950DT at fraction 0.5 (4.4 kW each), one at 0.95 (0.44 kW), an Atlas 350 server (8.64 kW):
    // 39.88 kW on a 32 kW air path; the server alone sheds the 7.88 kW excess
    const nodes = [
      ...dtNodes('pod-a/rack-01', 8, (n) => ({ liquidFraction: n === 7 ? 0.95 : 0.5 })),
      atlas350Node('pod-a/rack-01', 8),
    ];
    const report = check(
      inventory({ racks: [rack('rack-01', { cooling: cooling({ airCapacityW: 32_000 }) })], nodes }),
    );
    const f = findingOf(report, 'COOL-002');
    expect(f.message).toBe(
      "39.9 kW of air heat (1 air-cooled node 8.6 kW, residual of liquid-cooled nodes 31.2 kW) exceeds the rack's 32.0 kW air path",
    );
    expect(f.data).toMatchObject({ nodesToRemove: 1 });
  });
});

describe('COOL-003 liquid-cooled nodes sit in liquid-cooled racks', () => {
  const airRack = rack('rack-01', {
    cooling: { method: 'air', liquidCapacityW: 0, airCapacityW: 30_000, airClass: 'A1' },
  });

  it('passes for air-cooled nodes in an air-cooled rack', () => {
    const report = check(inventory({ racks: [airRack], nodes: [atlas350Node('pod-a/rack-01', 0)] }));
    expect(openRuleIds(report)).toEqual([]);
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-003')?.status).toBe('pass');
  });

  it('fails when 950DT nodes are put in an air-cooled rack', () => {
    const report = check(inventory({ racks: [airRack], nodes: dtNodes('pod-a/rack-01', 2) }));
    expect(openRuleIds(report)).toEqual(['COOL-003']);
    expect(findingOf(report, 'COOL-003').message).toBe(
      '2 liquid-cooled nodes (ascend-950dt-node) in an air-cooled rack: their cold plates have no loop',
    );
    expect(findingOf(report, 'COOL-003').related?.map((r) => r.id)).toEqual([
      'pod-a/rack-01/dt-0',
      'pod-a/rack-01/dt-1',
    ]);
  });

  it('names each liquid-cooled node type once, counts every node and relates the first eight', () => {
    const nodes = [...dtNodes('pod-a/rack-01', 9), atlas350Node('pod-a/rack-01', 9, { cooling: 'liquid' })];
    const finding = findingOf(check(inventory({ racks: [airRack], nodes })), 'COOL-003');
    expect(finding.message).toBe(
      '10 liquid-cooled nodes (ascend-950dt-node, atlas-350-server) in an air-cooled rack: their cold plates have no loop',
    );
    expect(finding.data).toEqual({ liquidCooledNodes: 10 });
    expect(finding.related?.map((r) => r.id)).toEqual(Array.from({ length: 8 }, (_, n) => `pod-a/rack-01/dt-${n}`));
  });
});

describe('COOL-002 with liquid-cooled nodes in an air-only rack', () => {
  const airRack = rack('rack-01', {
    cooling: { method: 'air', liquidCapacityW: 0, airCapacityW: 15_000, airClass: 'A1' },
  });

  it('fails when 2 liquid-cooled 950DT nodes put all 17.6 kW on a 15 kW air path (no loop takes the cold-plate share)', () => {
    const report = check(inventory({ racks: [airRack], nodes: dtNodes('pod-a/rack-01', 2) }));
    expect(openRuleIds(report)).toEqual(['COOL-002', 'COOL-003']);
    expect(findingOf(report, 'COOL-002').message).toBe(
      "17.6 kW of air heat (all of the liquid-cooled nodes: the rack has no liquid loop, see COOL-003) exceeds the rack's 15.0 kW air path",
    );
  });
});

describe('COOL-001 explanation', () => {
  it('names COOL-002 for air heat and COOL-003 for liquid nodes in air racks', () => {
    const explanation = builtInPacks.flatMap((p) => p.rules).find((r) => r.id === 'COOL-001')?.explanation ?? '';
    expect(explanation).toContain('COOL-002 checks their air heat');
    expect(explanation).toContain('COOL-003 flags liquid-cooled nodes');
    expect(explanation).not.toContain('Air-cooled racks are checked by COOL-003');
  });
});

describe('COOL-004 coolant and inlet classes within what the hardware accepts', () => {
  it('passes W45 water under the default W45 limit', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ coolantClass: 'W45' }) })] }));
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when the inlet air is A3 and the hardware is rated A2 (the default)', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ airClass: 'A3' }) })] }));
    expect(openRuleIds(report)).toEqual(['COOL-004']);
    expect(findingOf(report, 'COOL-004').message).toBe('inlet air A3 is warmer than ascend-950dt-node accepts (A2)');
  });

  it('fails when W40 water feeds a node type limited to W32 in the config', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ coolantClass: 'W40' }) })] }), {
      parameters: { 'cooling.nodeTypeLimits': { 'ascend-950dt-node': { maxLiquidClass: 'W32' } } },
    });
    expect(openRuleIds(report)).toEqual(['COOL-004']);
    expect(findingOf(report, 'COOL-004').message).toBe(
      'facility water W40 is warmer than ascend-950dt-node accepts (W32)',
    );
    expect(findingOf(report, 'COOL-004').data).toEqual({ coolantClass: 'W40', airClass: 'A1' });
  });

  it('holds the water class only to node types cooled by it: an air-cooled server in the rack is judged on air', () => {
    const limits = {
      'cooling.nodeTypeLimits': {
        'atlas-350-server': { maxLiquidClass: 'W17', maxAirClass: 'A1' },
        'ascend-950dt-node': { maxLiquidClass: 'W32' },
      },
    };
    const nodes = [...dtNodes('pod-a/rack-01', 2), atlas350Node('pod-a/rack-01', 2)];
    const racks = [rack('rack-01', { cooling: cooling({ coolantClass: 'W40', airClass: 'A2' }) })];
    const report = check(inventory({ racks, nodes }), { parameters: limits });
    expect(findingOf(report, 'COOL-004').message).toBe(
      'facility water W40 is warmer than ascend-950dt-node accepts (W32); inlet air A2 is warmer than atlas-350-server accepts (A1)',
    );
  });

  it('counts a node type as liquid-cooled when any of its nodes is, whatever their order', () => {
    const limits = { 'cooling.nodeTypeLimits': { 'ascend-950dt-node': { maxLiquidClass: 'W32' } } };
    const racks = [rack('rack-01', { cooling: cooling({ coolantClass: 'W40' }) })];
    for (const airFirst of [true, false]) {
      const nodes = dtNodes('pod-a/rack-01', 2, (n) => (n === (airFirst ? 0 : 1) ? { cooling: 'air' as const } : {}));
      const report = check(inventory({ racks, nodes }), { parameters: limits });
      expect(openRuleIds(report)).toContain('COOL-004');
    }
    const allAir = dtNodes('pod-a/rack-01', 2, () => ({ cooling: 'air' as const }));
    const report = check(inventory({ racks, nodes: allAir }), { parameters: limits });
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-004')?.status).toBe('pass');
  });
});

describe('COOL-005 shared CDU within its capacity', () => {
  const twoRacks = () =>
    inventory({
      racks: [rack('rack-01'), rack('rack-02', { index: 1 })],
      nodes: [...dtNodes('pod-a/rack-01', 8), ...dtNodes('pod-a/rack-02', 4, () => ({}))].map((n, i) =>
        i >= 8 ? { ...n, name: `${n.name}-b`, serverIndex: i } : n,
      ),
    });

  it('passes at 84.5 kW of liquid heat from two racks on a 200 kW CDU', () => {
    const report = check(twoRacks());
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-005')).toMatchObject({
      status: 'pass',
      subject: { id: 'cdu:cdu-1' },
    });
  });

  it('fails when two racks put 84.5 kW on an 80 kW CDU', () => {
    const report = check(twoRacks(), { parameters: { 'cooling.cduCapacityKw': { 'cdu-1': 80 } } });
    expect(openRuleIds(report)).toEqual(['COOL-005']);
    const finding = findingOf(report, 'COOL-005');
    expect(findingLine(finding)).toBe(
      "COOL-005 cdu cdu-1: 84.5 kW of liquid heat from 2 racks exceeds the CDU's 80.0 kW — move 4.5 kW of liquid heat to another CDU or use a larger CDU",
    );
    expect(finding.location).toEqual({ file: 'stacks/fixture.ts', line: 20, column: 3 });
    expect(finding.related?.map((r) => r.id)).toEqual(['pod-a/rack-01', 'pod-a/rack-02']);
  });

  it('is reported as not evaluated when the CDU capacity is unknown', () => {
    const report = runChecks(twoRacks(), { packs: builtInPacks });
    expect(openRuleIds(report)).toEqual([]);
    expect(report.evaluations.find((e) => e.ruleId === 'COOL-005')).toMatchObject({
      status: 'not-evaluated',
      reason:
        "the capacity of CDU cdu-1 is unknown (2 racks, 84.5 kW of liquid heat); state cduCapacity on the racks' Cooling.directLiquid, or set parameters cooling.cduCapacityKw: { cdu-1: <kW> } in the policy config",
    });
  });

  const withStatedCapacity = (first: number, second: number) => {
    const base = twoRacks();
    return {
      ...base,
      racks: base.racks.map((r, i) => ({ ...r, cooling: { ...r.cooling, cduCapacityW: i === 0 ? first : second } })),
    };
  };

  it('uses the capacity the racks state when the config gives none', () => {
    const report = runChecks(withStatedCapacity(80_000, 80_000), { packs: builtInPacks });
    expect(openRuleIds(report)).toEqual(['COOL-005']);
    expect(findingOf(report, 'COOL-005').message).toContain("exceeds the CDU's 80.0 kW");
  });

  it('fails when the racks of one CDU state different capacities', () => {
    const report = runChecks(withStatedCapacity(200_000, 300_000), { packs: builtInPacks });
    expect(openRuleIds(report)).toEqual(['COOL-005']);
    expect(findingOf(report, 'COOL-005').message).toBe(
      'the racks on CDU cdu-1 state different capacities (200.0 kW, 300.0 kW)',
    );
    expect(findingOf(report, 'COOL-005').fix).toBe('state one cduCapacity for the CDU on every rack that uses it');
    expect(findingOf(report, 'COOL-005').related).toEqual([
      { id: 'pod-a/rack-01', label: 'rack pod-a/rack-01', source: { file: 'stacks/fixture.ts', line: 20, column: 3 } },
      { id: 'pod-a/rack-02', label: 'rack pod-a/rack-02', source: { file: 'stacks/fixture.ts', line: 20, column: 3 } },
    ]);
  });

  it('passes at exactly its capacity: 12 nodes x 7.04 kW of liquid heat = 84,480 W', () => {
    const status = (w: number) =>
      runChecks(withStatedCapacity(w, w), { packs: builtInPacks }).evaluations.find((e) => e.ruleId === 'COOL-005')
        ?.status;
    expect(status(84_480)).toBe('pass');
    expect(status(84_479)).toBe('fail');
  });
});

describe('COOL-006 air path within the practical air-cooling ceiling', () => {
  it('passes a 20 kW air path', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'COOL-006')?.status).toBe('pass');
  });

  it('fails when a rack claims a 60 kW air path', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { cooling: cooling({ airCapacityW: 60_000 }) })] }));
    expect(openRuleIds(report)).toEqual(['COOL-006']);
    expect(findingOf(report, 'COOL-006')).toMatchObject({
      level: 'warning',
      message: 'the rack claims a 60.0 kW air path, above the practical air-cooling ceiling of 30.0 kW',
    });
  });

  it('fails when an air rack without a rear door claims a 40 kW air path, above the 30 kW room-air ceiling', () => {
    const airRack = rack('rack-01', { cooling: { method: 'air', liquidCapacityW: 0, airCapacityW: 40_000 } });
    const report = check(
      inventory({ racks: [airRack], nodes: [0, 1, 2, 3].map((n) => atlas350Node('pod-a/rack-01', n)) }),
    );
    expect(openRuleIds(report)).toEqual(['COOL-006']);
  });

  it('holds a rack with a rear-door heat exchanger to the 80 kW RDHx band', () => {
    const rdhx = (airCapacityW: number) =>
      rack('rack-01', { cooling: { method: 'air', liquidCapacityW: 0, airCapacityW, rearDoorHeatExchanger: true } });
    const nodes = [0, 1, 2, 3].map((n) => atlas350Node('pod-a/rack-01', n));
    expect(openRuleIds(check(inventory({ racks: [rdhx(40_000)], nodes })))).toEqual([]);
    const over = check(inventory({ racks: [rdhx(90_000)], nodes }));
    expect(findingOf(over, 'COOL-006').message).toBe(
      'the rack claims a 90.0 kW air path, above the rear-door heat exchanger ceiling of 80.0 kW',
    );
  });
});
