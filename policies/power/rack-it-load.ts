import { normalLimit } from '../../src/facility/index.ts';
import { defineRule } from '../../src/policy/index.ts';
import { limitText, rackLoadVerdict, rackNodesLoad } from '../shared/power.ts';

/** Rack IT load (accelerator TDP + host power of every node) against the derated feed, busbar or shelves. */
export const rackItLoad = defineRule(import.meta.url, 'rack', (rack, context) => {
  const limit = normalLimit(rack.power);
  return rackLoadVerdict(rackNodesLoad(rack, context), limit, {
    limitDescription: limitText(rack.power, limit, false),
    raise: rack.power.shelves
      ? 'add a power shelf'
      : rack.power.redundancy === 'a-b'
        ? `raise both ${rack.power.kind}s`
        : `raise the ${rack.power.kind}`,
    data: { limitW: limit.watts, ratedW: rack.power.ratedW, maxUtilisation: rack.power.maxUtilisation },
  });
});
