import { nodesToRemove, survivingLimit } from '../../src/facility/index.ts';
import { defineRule, fail, kilowatts, notApplicable, notEvaluated, pass, plural } from '../../src/policy/index.ts';
import { limitText, rackNodesLoad, relatedNodes, unknownNote } from '../shared/power.ts';

/** A/B feeds and N+1 shelves: after one supply fails, what survives must still carry the whole rack. */
export const rackRedundancy = defineRule(import.meta.url, 'rack', (rack, context) => {
  const limit = survivingLimit(rack.power);
  if (!limit) return notApplicable();
  const load = rackNodesLoad(rack, context);
  const limitDescription = limitText(rack.power, limit, true);
  const failure = rack.power.redundancy === 'n+1' ? 'when one shelf fails' : 'when the other side fails';
  if (load.knownW > limit.watts) {
    const remove = nodesToRemove(load, limit.watts);
    const raise = rack.power.redundancy === 'n+1' ? 'add a power shelf' : `raise each ${rack.power.kind}'s rating`;
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(load.knownW)} exceeds ${limitDescription} ${failure}${unknownNote(load)}`,
      {
        fix: `remove ${plural(remove, 'node')} or ${raise}`,
        data: {
          itLoadW: load.knownW,
          survivingLimitW: limit.watts,
          redundancy: rack.power.redundancy,
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
