import { definePack } from '../../src/policy/index.ts';
import { cardsPerServer } from './cards-per-server.ts';
import { rackUnits } from './rack-units.ts';
import { rackWeight } from './rack-weight.ts';
import { unknownNodeWeight } from './unknown-node-weight.ts';

export const physicalPack = definePack({
  name: 'physical',
  description: 'Rack units, rack weight and cards per server.',
  rules: [
    {
      id: 'PHYS-001',
      level: 'error',
      title: 'Nodes fit the rack units',
      explanation:
        'The nodes of a rack must fit its height minus the units reserved for power shelves, UB switches and cable management, each node inside the usable range and no two nodes on the same unit.',
      fix: 'move nodes to another rack, reserve fewer units or use a taller rack',
      rule: rackUnits,
    },
    {
      id: 'PHYS-002',
      level: 'error',
      title: 'Rack weight within its limit',
      explanation: 'The mass of the nodes in a rack must stay within the weight the rack and the floor carry.',
      fix: 'move nodes to another rack or confirm a higher rating',
      rule: rackWeight,
    },
    {
      id: 'PHYS-003',
      level: 'warning',
      title: 'Node masses are known',
      explanation:
        'Most Ascend chassis masses are unpublished. A node without a mass leaves its rack weight unchecked, so each rack with such nodes is reported once.',
      fix: 'pass weight to the nodes',
      rule: unknownNodeWeight,
    },
    {
      id: 'PHYS-004',
      level: 'error',
      title: 'Cards per server within the chassis slots',
      explanation:
        'A server holds as many accelerators as its node type has slots (Atlas 350 server: up to 8 cards; 950DT node: 8 NPUs). The constructs check this when nodes are created; the rule also covers inventories from spec files.',
      fix: 'use fewer accelerators per server',
      rule: cardsPerServer,
    },
  ],
});
