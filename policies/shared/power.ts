import { type GroupLoad, groupLoad, nodesToRemove, type SupplyLimit } from '../../src/facility/index.ts';
import type { RackInfo, RackPowerInfo } from '../../src/inventory/types.ts';
import type { FindingData, Related, RuleContext, Verdict } from '../../src/policy/index.ts';
import { fail, formatPercent, kilowattRating, kilowatts, notEvaluated, pass, plural } from '../../src/policy/index.ts';

/** The IT load of a rack's nodes (src/facility), from the check run's index. */
export function rackNodesLoad(rack: RackInfo, context: RuleContext): GroupLoad {
  return groupLoad(context.index.nodesByRack.get(rack.id) ?? []);
}

/** `800 VDC feed`, `800 VDC busbar`: a feed's or busbar's name in messages (`limitText` names shelves itself). */
function supplyName(power: RackPowerInfo): string {
  return `${Math.abs(power.voltageV)} VDC ${power.kind}`;
}

/**
 * A supply limit with the arithmetic that gives it, for messages: `the 800 VDC feed's derated 120.0 kW (150 kW x
 * 80%)`, `the 3 surviving power shelves' derated ...`. `surviving`: the limit after one supply failed.
 */
export function limitText(power: RackPowerInfo, limit: SupplyLimit, surviving: boolean): string {
  const times = power.shelves || limit.paths > 1 ? `${limit.paths} x ` : '';
  const arithmetic = `derated ${kilowatts(limit.watts)} (${times}${kilowattRating(limit.ratingW)} x ${formatPercent(limit.utilisation)})`;
  if (power.shelves) return `the ${limit.paths}${surviving ? ' surviving' : ''} power shelves' ${arithmetic}`;
  if (power.redundancy === 'a-b' && !surviving) return `the two ${supplyName(power)}s' ${arithmetic}`;
  return `the ${surviving ? 'surviving ' : ''}${supplyName(power)}'s ${arithmetic}`;
}

/** The nodes of a group as related locations (SARIF), heaviest first, at most `limit`. */
export function relatedNodes(load: GroupLoad, limit = 8): Related[] {
  return [...load.known]
    .sort((a, b) => b.watts - a.watts)
    .slice(0, limit)
    .map(({ node, watts }) => ({
      id: node.id,
      label: `node ${node.id}: ${kilowatts(watts)}`,
      ...(node.source ? { source: node.source } : {}),
    }));
}

/** `(3 nodes of unknown power not counted)` or ''. */
export function unknownNote(load: GroupLoad): string {
  const n = load.unknown.length;
  return n === 0 ? '' : ` (${n} ${n === 1 ? 'node' : 'nodes'} of unknown power not counted, see POWER-001)`;
}

/**
 * A rack's known IT load against a supply limit, as the rack power rules judge it: over the limit fails (with how many
 * nodes to remove or what to `raise`), nodes of unknown power leave it not evaluated, otherwise it passes.
 * `limitDescription` says the limit (`limitText`), `condition` when it applies (` when one shelf fails`).
 */
export function rackLoadVerdict(
  load: GroupLoad,
  limit: SupplyLimit,
  opts: { limitDescription: string; condition?: string; raise: string; data: FindingData },
): Verdict {
  if (load.knownW > limit.watts) {
    const remove = nodesToRemove(load, limit.watts);
    return fail(
      `${load.unknown.length > 0 ? 'at least ' : ''}${kilowatts(load.knownW)} exceeds ${opts.limitDescription}${opts.condition ?? ''}${unknownNote(load)}`,
      {
        fix: `remove ${plural(remove, 'node')} or ${opts.raise}`,
        data: { itLoadW: load.knownW, ...opts.data, nodesToRemove: remove },
        related: relatedNodes(load),
      },
    );
  }
  if (load.unknown.length > 0) {
    return notEvaluated(
      `${plural(load.unknown.length, 'node')} of unknown power (POWER-001); the known ${kilowatts(load.knownW)} is within ${opts.limitDescription}`,
    );
  }
  return pass();
}
