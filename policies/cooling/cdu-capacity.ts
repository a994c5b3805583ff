import { cduLoad, cduCapacity as resolveCapacity } from '../../src/facility/index.ts';
import { defineRule, fail, kilowatts, notEvaluated, pass, plural } from '../../src/policy/index.ts';

/**
 * The liquid heat of every rack on a shared CDU against the CDU's capacity: the policy config's
 * cooling.cduCapacityKw when set (an override), else the capacity the racks state (`Cooling.directLiquid({ cduCapacity })`).
 */
export const cduCapacity = defineRule(import.meta.url, 'cdu', (cdu, context) => {
  const capacities = context.param<Readonly<Record<string, number>>>('cooling.cduCapacityKw');
  const { load, liquidW } = cduLoad(cdu, (rackId) => context.index.nodesByRack.get(rackId) ?? []);
  const capacity = resolveCapacity(cdu, capacities);
  if (capacity.kind === 'conflicting') {
    return fail(
      `the racks on CDU ${cdu.cduId} state different capacities (${capacity.statedW.map((w) => kilowatts(w)).join(', ')})`,
      {
        fix: 'state one cduCapacity for the CDU on every rack that uses it',
        related: cdu.racks.map((r) => ({ id: r.id, label: `rack ${r.id}`, ...(r.source ? { source: r.source } : {}) })),
      },
    );
  }
  if (capacity.kind === 'unknown') {
    return notEvaluated(
      `the capacity of CDU ${cdu.cduId} is unknown (${plural(cdu.racks.length, 'rack')}, ${kilowatts(liquidW)} of liquid heat); state cduCapacity on the racks' Cooling.directLiquid, or set parameters cooling.cduCapacityKw: { ${cdu.cduId}: <kW> } in the policy config`,
    );
  }
  const capacityW = capacity.watts;
  if (liquidW > capacityW) {
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(liquidW)} of liquid heat from ${plural(cdu.racks.length, 'rack')} exceeds the CDU's ${kilowatts(capacityW)}`,
      {
        fix: `move ${kilowatts(liquidW - capacityW)} of liquid heat to another CDU or use a larger CDU`,
        data: { liquidHeatW: liquidW, cduCapacityW: capacityW, racks: cdu.racks.length },
        related: cdu.racks.map((r) => ({ id: r.id, label: `rack ${r.id}`, ...(r.source ? { source: r.source } : {}) })),
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(liquidW)} is within ${kilowatts(capacityW)}`,
    );
  }
  return pass();
});
