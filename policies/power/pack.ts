import { DEFAULT_PUE } from '../../src/facility/index.ts';
import { definePack } from '../../src/policy/index.ts';
import { podFacilityBudget } from './pod-facility-budget.ts';
import { rackItLoad } from './rack-it-load.ts';
import { rackRedundancy } from './rack-redundancy.ts';
import { siteFacilityBudget } from './site-facility-budget.ts';
import { unknownNodePower } from './unknown-node-power.ts';

export const powerPack = definePack({
  name: 'power',
  description:
    'Rack IT load against the derated 800 VDC feed, busbar or shelves; A/B and N+1 redundancy; pod and site budgets with PUE.',
  parameters: {
    'power.defaultPue': {
      description:
        'annual PUE for SuperPoDs that set none, for energy and cost, a number from 1 to 3 (industry average ~1.55, new liquid-cooled halls 1.1-1.3; hardware.md §7)',
      schema: { type: 'number', minimum: 1, maximum: 3 },
      default: DEFAULT_PUE,
    },
    'power.defaultDesignPue': {
      description:
        'design-day (peak) PUE for SuperPoDs that set no designPue, from 1 to 3; unset: the budget checks fall back to the annual PUE and report the pod as not evaluated',
      schema: { type: 'number', minimum: 1, maximum: 3 },
    },
    'power.siteBudgetKw': {
      description:
        'facility power budget of the whole stack in kW, design-day PUE included; the site check is skipped when unset',
      schema: { type: 'number', exclusiveMinimum: 0 },
    },
  },
  rules: [
    {
      id: 'POWER-001',
      level: 'error',
      title: 'Node power inputs are known',
      explanation:
        'Huawei has not published the TDP of the Ascend 950PR chip or the 950DT, nor the host power of its nodes. A node whose accelerator TDP or host power is neither in the catalogue nor supplied has an unknown IT load: its rack, pod and cooling checks would silently count it as zero. The rule asks for the figure instead.',
      fix: 'pass acceleratorPower and hostPower to the node with your measured or contracted figures',
      rule: unknownNodePower,
    },
    {
      id: 'POWER-002',
      level: 'error',
      title: 'Rack IT load within the derated supply',
      explanation:
        'The IT load of a rack (accelerators x TDP + host power, summed over its nodes) must stay within its supply with every feed in service, derated to the maximum continuous utilisation (80% by default): a feed or busbar is |V| x A x utilisation, A/B feeds share the load, N+1 shelves count all shelves (their rating is their output). In-rack switches are counted in the pod and site budgets (POWER-004, POWER-005), not here.',
      fix: 'move nodes to another rack or raise the feed, busbar or shelf rating',
      rule: rackItLoad,
    },
    {
      id: 'POWER-003',
      level: 'error',
      title: 'The surviving supply carries the rack',
      explanation:
        'Redundancy only holds when what survives a failure carries the whole rack: with A/B feeds each side alone, with N+1 power shelves all but one shelf, each derated to the maximum continuous utilisation. Racks without redundancy are not checked.',
      fix: 'move nodes to another rack, raise each feed or add a shelf',
      rule: rackRedundancy,
    },
    {
      id: 'POWER-004',
      level: 'error',
      title: 'SuperPoD within its facility power budget',
      explanation:
        "A SuperPoD's peak facility draw is its IT draw times the hall's design-day PUE (the pod's designPue, else parameters power.defaultDesignPue). The IT draw is the nodes' nameplate load, the N+1 power shelves' conversion loss (load / efficiency - load), the in-rack switches (switchPowerPerRack x racks) and the interconnect cabinets (interconnectPower). The annual PUE (ISO/IEC 30134-2 averages a year) understates the design-day peak, so without a design-day PUE it gives only a lower bound; with that or an unset switch or cabinet power the pod fails only when the lower bound is over budget and is otherwise reported as not evaluated. Pods without a budget are not checked.",
      fix: 'cut IT load or raise the facility budget; set designPue, switchPowerPerRack and interconnectPower on the SuperPod',
      rule: podFacilityBudget,
    },
    {
      id: 'POWER-005',
      level: 'error',
      title: 'Site within its facility power budget',
      explanation:
        'The peak draws of all SuperPoDs of the stack (as POWER-004 computes them), against parameters power.siteBudgetKw of the policy config. Skipped when the parameter is unset.',
      fix: 'cut IT load or raise the site budget',
      rule: siteFacilityBudget,
    },
  ],
});
