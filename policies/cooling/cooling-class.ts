import { AIR_COOLING_CLASSES, classWithin, LIQUID_COOLING_CLASSES } from '../../src/catalog/cooling-classes.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

type Limits = Readonly<Record<string, { readonly maxLiquidClass?: string; readonly maxAirClass?: string }>>;

/** The rack's facility-water and inlet-air classes must be no warmer than every node in it accepts. */
export const coolingClass = defineRule(import.meta.url, 'rack', (rack, context) => {
  const limits = context.param<Limits>('cooling.nodeTypeLimits');
  const defaultLiquid = context.param<string>('cooling.maxLiquidClass');
  const defaultAir = context.param<string>('cooling.maxAirClass');
  const problems: string[] = [];
  const types = new Map<string, boolean>();
  for (const node of context.index.nodesByRack.get(rack.id) ?? []) {
    types.set(node.nodeTypeId, (types.get(node.nodeTypeId) ?? false) || node.cooling === 'liquid');
  }
  for (const [type, liquidCooled] of types) {
    const maxLiquid = limits[type]?.maxLiquidClass ?? defaultLiquid;
    const maxAir = limits[type]?.maxAirClass ?? defaultAir;
    const coolant = rack.cooling.coolantClass;
    if (
      liquidCooled &&
      rack.cooling.method === 'liquid' &&
      coolant &&
      !classWithin(LIQUID_COOLING_CLASSES, coolant, maxLiquid)
    ) {
      problems.push(`facility water ${coolant} is warmer than ${type} accepts (${maxLiquid})`);
    }
    const air = rack.cooling.airClass;
    if (air && !classWithin(AIR_COOLING_CLASSES, air, maxAir)) {
      problems.push(`inlet air ${air} is warmer than ${type} accepts (${maxAir})`);
    }
  }
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), {
    fix: 'supply cooler water or air to this rack, or set parameters cooling.nodeTypeLimits if the hardware is rated warmer',
    data: { coolantClass: rack.cooling.coolantClass ?? '', airClass: rack.cooling.airClass ?? '' },
  });
});
