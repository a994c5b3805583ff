import { nodesToRemove, normalLimit } from '../../src/facility/index.ts';
import { defineRule, fail, kilowatts, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { limitText, rackNodesLoad, relatedNodes, unknownNote } from '../shared/power.ts';

/** Rack IT load (accelerator TDP + host power of every node) against the derated feed, busbar or shelves. */
export const rackItLoad = defineRule(import.meta.url, 'rack', (rack, context) => {
  const load = rackNodesLoad(rack, context);
  const limit = normalLimit(rack.power);
  const limitDescription = limitText(rack.power, limit, false);
  if (load.knownW > limit.watts) {
    const remove = nodesToRemove(load, limit.watts);
    const raise = rack.power.shelves
      ? 'add a power shelf'
      : rack.power.redundancy === 'a-b'
        ? `raise both ${rack.power.kind}s`
        : `raise the ${rack.power.kind}`;
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(load.knownW)} exceeds ${limitDescription}${unknownNote(load)}`,
      {
        fix: `remove ${plural(remove, 'node')} or ${raise}`,
        data: {
          itLoadW: load.knownW,
          limitW: limit.watts,
          ratedW: rack.power.ratedW,
          maxUtilisation: rack.power.maxUtilisation,
          nodesToRemove: remove,
        },
        related: relatedNodes(load),
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(load.knownW)} is within ${limitDescription}`,
    );
  }
  return pass();
});
