import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** A node whose accelerator TDP or host power is unknown: every power and cooling figure of its rack is then a guess. */
export const unknownNodePower = defineRule(import.meta.url, 'node', (node) => {
  const missing: string[] = [];
  const props: string[] = [];
  if (node.acceleratorTdpW === null) {
    missing.push(`the TDP of ${node.acceleratorId}`);
    props.push('acceleratorPower: Power.watts(<W per accelerator>)');
  }
  if (node.hostPowerW === null) {
    missing.push(`the host power of ${node.nodeTypeId}`);
    props.push('hostPower: Power.kilowatts(<kW>)');
  }
  if (missing.length === 0) return pass();
  return fail(
    `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} unpublished and not supplied, so the IT load of this node (${node.acceleratorCount} accelerators) is unknown and left out of its rack's power and cooling checks`,
    {
      fix: `pass ${props.join(' and ')} to the node, using your measured or contracted figure`,
      data: { acceleratorTdpKnown: node.acceleratorTdpW !== null, hostPowerKnown: node.hostPowerW !== null },
    },
  );
});
