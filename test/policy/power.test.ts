import { describe, expect, it } from 'vitest';
import { findingLine } from '../../src/policy/index.ts';
import {
  check,
  cleanInventory,
  dtNodes,
  findingOf,
  inventory,
  openRuleIds,
  rack,
  superPod,
} from './fixtures/inventory.ts';

const feed = (amperes: number, redundancy: 'none' | 'a-b' = 'none') => ({
  kind: 'feed' as const,
  voltageV: 800,
  currentA: amperes,
  ratedW: 800 * amperes,
  maxUtilisation: 0.8,
  usableW: 800 * amperes * 0.8,
  redundancy,
});

describe('POWER-001 node power inputs are known', () => {
  it('passes when every node has a TDP and a host power', () => {
    expect(openRuleIds(check(cleanInventory()))).toEqual([]);
  });

  it('fails when a node has no accelerator TDP, and says what to supply', () => {
    const nodes = dtNodes('pod-a/rack-01', 8, (n) => (n === 3 ? { acceleratorTdpW: null } : {}));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['POWER-001']);
    const finding = findingOf(report, 'POWER-001');
    expect(finding.subject.id).toBe('pod-a/rack-01/dt-3');
    expect(finding.message).toContain('the TDP of ascend-950dt is unpublished and not supplied');
    expect(finding.fix).toContain('acceleratorPower: Power.watts(<W per accelerator>)');
    // The rack checks do not count the node as zero: they say they could not decide.
    const skipped = report.evaluations.filter((e) => e.status === 'not-evaluated').map((e) => e.ruleId);
    expect(skipped).toEqual(expect.arrayContaining(['POWER-002', 'POWER-003', 'COOL-001', 'COOL-002']));
  });

  it('fails when the host power is unknown too, naming both inputs', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ acceleratorTdpW: null, hostPowerW: null }));
    const finding = findingOf(check(inventory({ nodes })), 'POWER-001');
    expect(finding.message).toMatch(/the TDP of ascend-950dt and the host power of ascend-950dt-node are unpublished/);
  });
});

describe('POWER-002 rack IT load within the derated supply', () => {
  it('passes at 70.4 kW on a 96 kW derated busbar', () => {
    const report = check(cleanInventory());
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-002')?.status).toBe('pass');
  });

  it('fails when 8 nodes draw 70.4 kW on an 80 kW feed derated to 64 kW', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: feed(100) })] }));
    expect(openRuleIds(report)).toEqual(['POWER-002']);
    expect(findingLine(findingOf(report, 'POWER-002'))).toBe(
      "POWER-002 rack pod-a/rack-01: 70.4 kW exceeds the 800 VDC feed's derated 64.0 kW (80 kW x 80%) — remove 1 node or raise the feed",
    );
  });

  it('writes the issue example: 138.4 kW on a 150 kW feed, remove 2 nodes', () => {
    // 8 nodes of 8 x 1.5 kW + 5.3 kW host = 17.3 kW each.
    const nodes = dtNodes('pod-a/rack-07', 8, () => ({ acceleratorTdpW: 1500, hostPowerW: 5300 }));
    const report = check(inventory({ racks: [rack('rack-07', { power: feed(187.5) })], nodes }));
    const finding = findingOf(report, 'POWER-002');
    expect(findingLine(finding)).toBe(
      "POWER-002 rack pod-a/rack-07: 138.4 kW exceeds the 800 VDC feed's derated 120.0 kW (150 kW x 80%) — remove 2 nodes or raise the feed",
    );
    expect(finding.data).toMatchObject({ itLoadW: 138_400, limitW: 120_000, nodesToRemove: 2 });
    expect(finding.location).toEqual({ file: 'stacks/fixture.ts', line: 20, column: 3 });
    expect(finding.related?.[0]).toMatchObject({ id: 'pod-a/rack-07/dt-0', label: 'node pod-a/rack-07/dt-0: 17.3 kW' });
  });

  it('fails with "at least" when the known load alone exceeds the supply', () => {
    const nodes = dtNodes('pod-a/rack-01', 8, (n) => (n === 0 ? { hostPowerW: null } : {}));
    const report = check(inventory({ racks: [rack('rack-01', { power: feed(90) })], nodes }));
    expect(findingOf(report, 'POWER-002').message).toBe(
      "at least 61.6 kW exceeds the 800 VDC feed's derated 57.6 kW (72 kW x 80%) (1 node of unknown power not counted, see POWER-001)",
    );
  });

  it('passes at exactly the derated feed: 70.4 kW on 800 V x 110 A x 80% = 70.4 kW', () => {
    const status = (amperes: number) =>
      check(
        inventory({ racks: [rack('rack-01', { power: feed(amperes) })], nodes: dtNodes('pod-a/rack-01', 8) }),
      ).evaluations.find((e) => e.ruleId === 'POWER-002')?.status;
    expect(status(110)).toBe('pass');
    expect(status(109.99)).toBe('fail');
  });

  it('counts the nodes of unknown power in the plural', () => {
    const nodes = dtNodes('pod-a/rack-01', 8, (n) => (n < 2 ? { hostPowerW: null } : {}));
    const report = check(inventory({ racks: [rack('rack-01', { power: feed(80) })], nodes }));
    // 6 known nodes x 8.8 kW = 52.8 kW on 800 V x 80 A x 80% = 51.2 kW
    expect(findingOf(report, 'POWER-002').message).toBe(
      "at least 52.8 kW exceeds the 800 VDC feed's derated 51.2 kW (64 kW x 80%) (2 nodes of unknown power not counted, see POWER-001)",
    );
  });

  it('counts both A/B sides in normal operation', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: feed(100, 'a-b') })] }));
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-002')?.status).toBe('pass');
  });
});

describe('POWER-003 the surviving supply carries the rack', () => {
  it('is not applicable to a single feed', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: feed(150) })] }));
    expect(report.evaluations.some((e) => e.ruleId === 'POWER-003')).toBe(false);
  });

  it('passes when one 96 kW busbar carries 70.4 kW', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'POWER-003')?.status).toBe('pass');
  });

  it('fails when one side of A/B 80 kW feeds cannot carry 70.4 kW', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: feed(100, 'a-b') })] }));
    expect(openRuleIds(report)).toEqual(['POWER-003']);
    expect(findingLine(findingOf(report, 'POWER-003'))).toBe(
      "POWER-003 rack pod-a/rack-01: 70.4 kW exceeds the surviving 800 VDC feed's derated 64.0 kW (80 kW x 80%) when the other side fails — remove 1 node or raise each feed's rating",
    );
  });

  it('fails when N+1 shelves lose one and 3 x 25 kW derated to 60 kW remain', () => {
    const shelves = {
      kind: 'busbar' as const,
      voltageV: 800,
      currentA: 75_000 / 800,
      ratedW: 75_000,
      maxUtilisation: 0.8,
      usableW: 60_000,
      redundancy: 'n+1' as const,
      shelves: { count: 4, ratingW: 25_000, efficiency: 0.97 },
    };
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: shelves })] }));
    expect(openRuleIds(report)).toEqual(['POWER-003']);
    expect(findingOf(report, 'POWER-003').message).toBe(
      "70.4 kW exceeds the 3 surviving power shelves' derated 60.0 kW (3 x 25 kW x 80%) when one shelf fails",
    );
    expect(findingOf(report, 'POWER-003').fix).toBe('remove 2 nodes or add a power shelf');
  });
});

describe('POWER-004 SuperPoD within its facility power budget', () => {
  const pod = (overrides: Parameters<typeof superPod>[0]) => cleanInventory({ superPods: [superPod(overrides)] });
  const shelves = {
    kind: 'busbar' as const,
    voltageV: 800,
    currentA: 132_000 / 0.97 / 800,
    ratedW: 132_000,
    maxUtilisation: 0.8,
    usableW: 105_600,
    redundancy: 'n+1' as const,
    shelves: { count: 5, ratingW: 33_000, efficiency: 0.97 },
  };

  it('passes at (70.4 kW nodes + 2 kW switches + 10 kW cabinets) x design-day PUE 1.25 = 103.0 kW within 1 MW', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'POWER-004')?.status).toBe('pass');
  });

  it('fails when 82.4 kW IT x design-day PUE 1.25 exceeds a 75 kW budget', () => {
    const report = check(pod({ facilityPowerBudgetW: 75_000 }));
    expect(openRuleIds(report)).toEqual(['POWER-004']);
    expect(findingLine(findingOf(report, 'POWER-004'))).toBe(
      "POWER-004 superpod pod-a: 103.0 kW at the facility (82.4 kW IT (nodes 70.4 kW + 2.0 kW rack switches + 10.0 kW interconnect cabinets) x design-day PUE 1.25) exceeds the pod's budget of 75.0 kW — cut 22.4 kW of IT load or raise the facility budget",
    );
  });

  it('fails when the design-day PUE 1.25 puts 103.0 kW over a 100 kW budget the annual PUE 1.15 would meet', () => {
    const report = check(pod({ facilityPowerBudgetW: 100_000 }));
    expect(openRuleIds(report)).toEqual(['POWER-004']);
    expect(findingOf(report, 'POWER-004').data).toMatchObject({ pue: 1.25, itLoadW: 82_400 });
  });

  it('fails when the shelf conversion loss, rack switches and cabinets push 70.4 kW of nodes over 100 kW', () => {
    const report = check(cleanInventory({ racks: [rack('rack-01', { power: shelves })] }), {});
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-004')?.status).toBe('pass');
    const tight = check(
      cleanInventory({
        superPods: [superPod({ facilityPowerBudgetW: 105_000 })],
        racks: [rack('rack-01', { power: shelves })],
      }),
    );
    expect(openRuleIds(tight)).toEqual(['POWER-004']);
    // 70.4 / 0.97 = 72.58 kW at the rack feed: 2.18 kW lost in the shelves.
    expect(findingOf(tight, 'POWER-004').message).toBe(
      "105.7 kW at the facility (84.6 kW IT (nodes 70.4 kW + 2.2 kW shelf conversion loss + 2.0 kW rack switches + 10.0 kW interconnect cabinets) x design-day PUE 1.25) exceeds the pod's budget of 105.0 kW",
    );
  });

  it('is not evaluated when the pod sets no design-day PUE and the annual-PUE lower bound is within budget', () => {
    const report = check(pod({ designPue: undefined }));
    expect(openRuleIds(report)).toEqual([]);
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-004')).toMatchObject({
      status: 'not-evaluated',
      reason:
        'the peak draw leaves out the design-day PUE; the known 94.8 kW (82.4 kW IT (nodes 70.4 kW + 2.0 kW rack switches + 10.0 kW interconnect cabinets) x annual PUE 1.15, the pod sets no design-day PUE) is within 1000.0 kW; set designPue on the SuperPod',
    });
  });

  it('takes the design-day PUE from parameters power.defaultDesignPue when the pod sets none', () => {
    const report = check(pod({ designPue: undefined, facilityPowerBudgetW: 100_000 }), {
      parameters: { 'power.defaultDesignPue': 1.3 },
    });
    expect(openRuleIds(report)).toEqual(['POWER-004']);
    expect(findingOf(report, 'POWER-004').data).toMatchObject({ pue: 1.3 });
  });

  it('is not evaluated when the switch and interconnect cabinet powers are unset, and names them', () => {
    const report = check(pod({ switchPowerPerRackW: undefined, interconnectPowerW: undefined }));
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-004')).toMatchObject({
      status: 'not-evaluated',
      reason:
        'the peak draw leaves out the in-rack UB switches and the interconnect cabinets; the known 88.0 kW (70.4 kW IT x design-day PUE 1.25) is within 1000.0 kW; set switchPowerPerRack, interconnectPower on the SuperPod',
    });
  });

  it('passes at exactly its budget: 82.4 kW IT x 1.25 = 103.0 kW against 103 kW', () => {
    const status = (budgetW: number) =>
      check(pod({ facilityPowerBudgetW: budgetW })).evaluations.find((e) => e.ruleId === 'POWER-004')?.status;
    expect(status(103_000)).toBe('pass');
    expect(status(102_999)).toBe('fail');
  });

  it('fails with "at least" when only the switch power is unset, and says the switches are not included', () => {
    const report = check(pod({ switchPowerPerRackW: undefined, facilityPowerBudgetW: 90_000 }));
    // (70.4 kW nodes + 10.0 kW cabinets) x 1.25 = 100.5 kW
    expect(findingOf(report, 'POWER-004').message).toBe(
      "at least 100.5 kW at the facility (80.4 kW IT (nodes 70.4 kW + 10.0 kW interconnect cabinets) x design-day PUE 1.25) exceeds the pod's budget of 90.0 kW; the in-rack UB switches are not included",
    );
    expect(findingOf(report, 'POWER-004').fix).toBe(
      'cut 8.4 kW of IT load or raise the facility budget, and set switchPowerPerRack on the SuperPod',
    );
  });

  it('names all three inputs a pod may leave out, the last after "and"', () => {
    const report = check(pod({ designPue: undefined, switchPowerPerRackW: undefined, interconnectPowerW: undefined }));
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-004')?.reason).toMatch(
      /^the peak draw leaves out the design-day PUE, the in-rack UB switches and the interconnect cabinets; the known /,
    );
  });

  it('fails with "at least" and the default PUE 1.5 when the pod sets neither PUE, and says so', () => {
    const report = check(pod({ facilityPowerBudgetW: 100_000, pue: undefined, designPue: undefined }));
    expect(findingOf(report, 'POWER-004').message).toBe(
      "at least 123.6 kW at the facility (82.4 kW IT (nodes 70.4 kW + 2.0 kW rack switches + 10.0 kW interconnect cabinets) x PUE 1.5 assumed, the pod sets none) exceeds the pod's budget of 100.0 kW",
    );
    expect(findingOf(report, 'POWER-004').fix).toBe(
      'cut 15.7 kW of IT load or raise the facility budget, and set designPue on the SuperPod',
    );
  });
});

describe('POWER-005 site within its facility power budget', () => {
  it('is not applicable without parameters power.siteBudgetKw', () => {
    expect(check(cleanInventory()).evaluations.some((e) => e.ruleId === 'POWER-005')).toBe(false);
  });

  it('passes at 103.0 kW within a 110 kW site budget', () => {
    const report = check(cleanInventory(), { parameters: { 'power.siteBudgetKw': 110 } });
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-005')?.status).toBe('pass');
  });

  it('passes at exactly its budget: 82.4 kW IT x 1.25 = 103.0 kW against 103 kW', () => {
    const report = check(cleanInventory(), { parameters: { 'power.siteBudgetKw': 103 } });
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-005')?.status).toBe('pass');
    const over = check(cleanInventory(), { parameters: { 'power.siteBudgetKw': 102.9 } });
    expect(openRuleIds(over)).toEqual(['POWER-005']);
  });

  it('is not evaluated when a node has unknown power, giving the known draw', () => {
    const nodes = dtNodes('pod-a/rack-01', 8, (n) => (n === 0 ? { hostPowerW: null } : {}));
    const report = check(inventory({ nodes }), { parameters: { 'power.siteBudgetKw': 110 } });
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-005')).toMatchObject({
      status: 'not-evaluated',
      // a node of unknown power counts for nothing (POWER-002 says the same): 82.4 kW - its 8.8 kW = 73.6 kW IT, x 1.25
      reason:
        '1 node of unknown power (POWER-001); the known 92.0 kW (73.6 kW IT in 1 SuperPoD, each at its PUE) is within 110.0 kW',
    });
  });

  it('is not evaluated when the switch and cabinet powers are unset, and names them', () => {
    const report = check(
      cleanInventory({ superPods: [superPod({ switchPowerPerRackW: undefined, interconnectPowerW: undefined })] }),
      { parameters: { 'power.siteBudgetKw': 110 } },
    );
    expect(report.evaluations.find((e) => e.ruleId === 'POWER-005')).toMatchObject({
      status: 'not-evaluated',
      // 70.4 kW of nodes x design-day PUE 1.25 = 88.0 kW
      reason:
        'the peak draw leaves out the in-rack UB switches and the interconnect cabinets; the known 88.0 kW (70.4 kW IT in 1 SuperPoD, each at its PUE) is within 110.0 kW; set switchPowerPerRack, interconnectPower on the SuperPods',
    });
  });

  it('fails when two pods at design-day PUE 1.25 and 1.6 exceed 150 kW', () => {
    const podB = superPod({ id: 'pod-b', path: 'fixture/pod-b', name: 'pod-b', index: 1, pue: 1.5, designPue: 1.6 });
    const rackB = rack('rack-01', { id: 'pod-b/rack-01', path: 'fixture/pod-b/rack-01', superPodId: 'pod-b' });
    const nodesB = dtNodes('pod-b/rack-01', 8, (n) => ({
      superPodId: 'pod-b',
      name: `pod-b-rack-01-dt-${n}`,
      pool: 'decode-b',
    }));
    const inv = inventory({
      superPods: [superPod(), podB],
      racks: [rack(), rackB],
      nodes: [...dtNodes('pod-a/rack-01', 8), ...nodesB],
    });
    const report = check(inv, { parameters: { 'power.siteBudgetKw': 150 } });
    expect(openRuleIds(report)).toEqual(['POWER-005']);
    // (70.4 + 2 + 10) x 1.25 + (70.4 + 2 + 10) x 1.6 = 103.0 + 131.84 = 234.84 kW
    expect(findingLine(findingOf(report, 'POWER-005'))).toBe(
      'POWER-005 stack fixture: 234.8 kW at the facility (164.8 kW IT in 2 SuperPoDs, each at its PUE) exceeds the site budget of 150.0 kW — cut 84.8 kW of facility load (IT x PUE) or raise parameters power.siteBudgetKw',
    );
  });
});
