import { AIR_COOLING_CLASSES, LIQUID_COOLING_CLASSES } from '../../src/catalog/cooling-classes.ts';
import { definePack } from '../../src/policy/index.ts';
import { airPathCeiling } from './air-path-ceiling.ts';
import { cduCapacity } from './cdu-capacity.ts';
import { coolingClass } from './cooling-class.ts';
import { coolingMethod } from './cooling-method.ts';
import { rackAirHeat } from './rack-air-heat.ts';
import { rackLiquidHeat } from './rack-liquid-heat.ts';
import { siteWaterBudget } from './site-water-budget.ts';

export const coolingPack = definePack({
  name: 'cooling',
  description:
    'Liquid and air heat against rack capacities, cooling method and ASHRAE classes, shared CDU capacity, site water.',
  parameters: {
    'cooling.maxLiquidClass': {
      description: `warmest ASHRAE liquid class hardware accepts unless cooling.nodeTypeLimits says otherwise (${LIQUID_COOLING_CLASSES.join(', ')})`,
      schema: { enum: [...LIQUID_COOLING_CLASSES] },
      default: 'W45',
    },
    'cooling.maxAirClass': {
      description: `warmest ASHRAE air class hardware accepts unless cooling.nodeTypeLimits says otherwise (${AIR_COOLING_CLASSES.join(', ')}); most servers are rated A2`,
      schema: { enum: [...AIR_COOLING_CLASSES] },
      default: 'A2',
    },
    'cooling.nodeTypeLimits': {
      description: 'per node type id, the warmest classes it accepts: { atlas-350-server: { maxAirClass: A3 } }',
      schema: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxLiquidClass: { enum: [...LIQUID_COOLING_CLASSES] },
            maxAirClass: { enum: [...AIR_COOLING_CLASSES] },
          },
        },
      },
      default: {},
    },
    'cooling.cduCapacityKw': {
      description: 'heat each shared CDU removes, kW, by the CDU id racks name in Cooling.directLiquid({ cdu })',
      schema: { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0 } },
      default: {},
    },
    'cooling.siteWaterBudgetLitresPerHour': {
      description: 'water the site may consume at load, litres per hour (COOL-007); unset: no hourly budget',
      schema: { type: 'number', exclusiveMinimum: 0 },
    },
    'cooling.siteWaterBudgetLitresPerYear': {
      description: 'water the site may consume in a year, litres (COOL-007); unset: no annual budget',
      schema: { type: 'number', exclusiveMinimum: 0 },
    },
    'cooling.airRackCeilingKw': {
      description:
        'largest air path a rack cooled by room air can plausibly have, kW (practical air ceiling ~30-41 kW; hardware.md §7)',
      schema: { type: 'number', exclusiveMinimum: 0 },
      default: 30,
    },
    'cooling.rearDoorCeilingKw': {
      description:
        'largest air path a rack with a rear-door heat exchanger can plausibly have, kW (usual RDHx band 30-80 kW; hardware.md §7)',
      schema: { type: 'number', exclusiveMinimum: 0 },
      default: 80,
    },
  },
  rules: [
    {
      id: 'COOL-001',
      level: 'error',
      title: 'Liquid heat within the rack liquid capacity',
      explanation:
        "Direct liquid cooling takes a share of each liquid-cooled node's heat on the cold plates (its liquid fraction, 0.8 by default). The sum over the rack must stay within the heat the rack's liquid loop removes. Racks without a liquid loop are not checked here: COOL-002 checks their air heat and COOL-003 flags liquid-cooled nodes in them.",
      fix: 'move nodes to another rack or raise the liquid capacity',
      rule: rackLiquidHeat,
    },
    {
      id: 'COOL-002',
      level: 'error',
      title: 'Air heat within the rack air capacity',
      explanation:
        'Heat left on air is all of an air-cooled node and the residual (1 - liquid fraction) of a liquid-cooled one: NICs, DIMMs, PSUs, optics. In a rack without a liquid loop (COOL-003) a liquid-cooled node puts all its heat on air. The sum must stay within the air path of the rack.',
      fix: 'move nodes, use liquid-cooled nodes or add a rear-door heat exchanger',
      rule: rackAirHeat,
    },
    {
      id: 'COOL-003',
      level: 'error',
      title: 'Liquid-cooled nodes sit in liquid-cooled racks',
      explanation:
        'A liquid-cooled node in a rack without a liquid loop has no way to remove the heat on its cold plates.',
      fix: 'cool the rack with Cooling.directLiquid or move the nodes',
      rule: coolingMethod,
    },
    {
      id: 'COOL-004',
      level: 'error',
      title: 'Coolant and inlet classes within what the hardware accepts',
      explanation:
        "The rack's ASHRAE facility-water class (W17..W45, W+) and inlet-air class (A1..A4, H1) must be no warmer than what each node type in it accepts: parameters cooling.nodeTypeLimits per node type, else cooling.maxLiquidClass (W45) and cooling.maxAirClass (A2).",
      fix: 'supply cooler water or air, or record the hardware rating in cooling.nodeTypeLimits',
      rule: coolingClass,
    },
    {
      id: 'COOL-005',
      level: 'error',
      title: 'Shared CDU within its capacity',
      explanation:
        'Racks that name the same CDU share its capacity: their liquid heat adds up. The capacity comes from parameters cooling.cduCapacityKw; without it the check is reported as not evaluated.',
      fix: 'spread the racks over more CDUs or use a larger CDU',
      rule: cduCapacity,
    },
    {
      id: 'COOL-006',
      level: 'warning',
      title: 'Air path within the practical air-cooling ceiling',
      explanation:
        'Surveys put most air-cooled racks below 20-30 kW and the practical ceiling of room air at ~30-41 kW a rack (hardware.md §7): a larger air capacity is likely a wrong input (parameters cooling.airRackCeilingKw, 30 kW). A rack with a rear-door heat exchanger (Cooling.air({ rearDoorHeatExchanger: true })) is held to the usual RDHx band instead (cooling.rearDoorCeilingKw, 80 kW).',
      fix: 'check the air capacity, or model the rear-door heat exchanger the rack has',
      rule: airPathCeiling,
    },
    {
      id: 'COOL-007',
      level: 'error',
      title: "The site's cooling water within its budget",
      explanation:
        "Each SuperPoD's liquid-loop heat goes through its liquid plant and its air heat through its air plant (SuperPod heatRejection: evaporative tower, dry cooler, adiabatic or a measured figure; src/water, defaults with sources): litres per hour at nameplate IT load and per year at that load, summed over the halls, against parameters cooling.siteWaterBudgetLitresPerHour and cooling.siteWaterBudgetLitresPerYear. Without a budget the rule does not apply; a hall without plants is reported as not evaluated.",
      fix: 'reject heat through dry or adiabatic coolers, raise the cycles of concentration, or raise the budget',
      rule: siteWaterBudget,
    },
  ],
});
