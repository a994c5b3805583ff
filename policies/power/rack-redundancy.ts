import { survivingLimit } from '../../src/facility/index.ts';
import { defineRule, notApplicable } from '../../src/policy/index.ts';
import { limitText, rackLoadVerdict, rackNodesLoad } from '../shared/power.ts';

/** A/B feeds and N+1 shelves: after one supply fails, what survives must still carry the whole rack. */
export const rackRedundancy = defineRule(import.meta.url, 'rack', (rack, context) => {
  const limit = survivingLimit(rack.power);
  if (!limit) return notApplicable();
  const nPlusOne = rack.power.redundancy === 'n+1';
  return rackLoadVerdict(rackNodesLoad(rack, context), limit, {
    limitDescription: limitText(rack.power, limit, true),
    condition: nPlusOne ? ' when one shelf fails' : ' when the other side fails',
    raise: nPlusOne ? 'add a power shelf' : `raise each ${rack.power.kind}'s rating`,
    data: { survivingLimitW: limit.watts, redundancy: rack.power.redundancy },
  });
});
