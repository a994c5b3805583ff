import { describe, expect, it } from 'vitest';
import { capacityReportInputs } from '../../src/app/checks.ts';
import { cduCapacity, cdusOf, DEFAULT_PUE, podPue } from '../../src/facility/index.ts';
import type { InferenceServiceInfo, Inventory } from '../../src/inventory/types.ts';
import { ServicePredictions } from '../../src/perf/index.ts';
import { runChecks } from '../../src/policy/index.ts';
import { collectCapacityData } from '../../src/report/index.ts';
import { aggregatedService, dtNode, rack, slice } from '../report/fixtures.ts';

/** Two liquid racks of 950DT nodes on CDU cdu-1, stating the given capacities (W). */
function twoRacksOnOneCdu(first?: number, second?: number): Inventory {
  const stated = [first, second];
  return slice({
    racks: [0, 1].map((i) => {
      const r = rack(`decode-${i}`, i);
      const capacity = stated[i];
      return { ...r, cooling: { ...r.cooling, ...(capacity === undefined ? {} : { cduCapacityW: capacity }) } };
    }),
    nodes: [0, 1].flatMap((i) => Array.from({ length: 4 }, (_, n) => dtNode(`decode-${i}`, n))),
  });
}

describe('CDU capacity', () => {
  it('an override from the policy config wins over what the racks state', () => {
    const [cdu] = cdusOf(twoRacksOnOneCdu(200_000, 200_000));
    expect(cduCapacity(cdu!, { 'cdu-1': 80 })).toEqual({ kind: 'known', watts: 80_000 });
    expect(cduCapacity(cdu!)).toEqual({ kind: 'known', watts: 200_000 });
  });

  it('fails when the racks on one CDU state different capacities: the capacity stays open', () => {
    const [cdu] = cdusOf(twoRacksOnOneCdu(200_000, 300_000));
    expect(cduCapacity(cdu!)).toEqual({ kind: 'conflicting', statedW: [200_000, 300_000] });
  });

  // The report used to take the first stated capacity where the policy (COOL-005) refuses conflicting ones; both now
  // read the facility engine, so the report shows the capacity as unknown, as the policy finding says.
  it('the report shows no capacity for a CDU whose racks disagree, as COOL-005 reports', () => {
    const inv = twoRacksOnOneCdu(200_000, 300_000);
    const data = collectCapacityData(inv, capacityReportInputs(inv, { schedule: false }));
    expect(data.cdus).toEqual([expect.objectContaining({ cduId: 'cdu-1', capacityW: null })]);
    expect(data.checks.findings.map((f) => f.ruleId)).toContain('COOL-005');
  });

  it('is unknown when neither the config nor a rack states it', () => {
    const [cdu] = cdusOf(twoRacksOnOneCdu());
    expect(cduCapacity(cdu!)).toEqual({ kind: 'unknown' });
  });
});

describe('PUE', () => {
  it('is the pod’s own, else the default the power pack and the report share', () => {
    const pod = slice().superPods[0]!;
    expect(podPue({ ...pod, pue: 1.2 })).toEqual({ pue: 1.2, assumed: false });
    const { pue: _, ...withoutPue } = pod;
    expect(podPue(withoutPue)).toEqual({ pue: DEFAULT_PUE, assumed: true });
  });
});

describe('service predictions', () => {
  it('are made once and shared by the policy run and the report', () => {
    const inv = slice({ workloads: [aggregatedService()] });
    const inputs = capacityReportInputs(inv, { schedule: false });
    const service = inv.workloads[0] as InferenceServiceInfo;
    const shared = inputs.predictions.of(service);
    expect(shared.kind).toBe('predicted');
    const data = collectCapacityData(inv, inputs);
    expect(data.services[0]!.prediction).toBe(shared.kind === 'predicted' ? shared.prediction : undefined);
    expect(inputs.predictions.of(service)).toBe(shared);
  });

  it('fails when the predictions given to a check run were made for another inventory', () => {
    const other = new ServicePredictions(slice());
    expect(() => runChecks(slice(), { packs: [], predictions: other })).toThrow(/another inventory/);
  });
});
