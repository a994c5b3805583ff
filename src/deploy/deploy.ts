import type { KubeObject } from '../k8s/object.ts';
import { type ClusterClient, ClusterError, type LiveObject } from './client.ts';
import { type FieldChange, fieldChanges } from './compare.ts';
import { type DesiredGroup, identity, ownerSelector, pruneKinds, type StageChoice } from './desired.ts';

export type Outcome =
  /** Not in the cluster: apply creates it. `note` says why a server dry run could not validate it. */
  | { readonly action: 'create'; readonly object: KubeObject; readonly note?: string }
  /**
   * In the cluster and applying changes these fields. `conflict`: another field manager owns some of them (the
   * server's message); apply needs --force-conflicts.
   */
  | {
      readonly action: 'update';
      readonly object: KubeObject;
      readonly fields: readonly FieldChange[];
      readonly conflict?: string;
    }
  | { readonly action: 'unchanged'; readonly object: KubeObject }
  /** Node labels for a node that has not joined: never applied (server-side apply would create a bare Node). */
  | { readonly action: 'missing-node'; readonly object: KubeObject }
  /** Labelled as owned by the stack but no longer synthesised. */
  | { readonly action: 'prune'; readonly object: LiveObject };

export interface DeployReport {
  readonly outcomes: readonly Outcome[];
  /** Kinds the cluster does not serve (no CRD), so prune could not look at them. */
  readonly unservedKinds: readonly string[];
  /** apply stopped early on its abort signal: `outcomes` holds what it did before; the rest was not sent. */
  readonly interrupted?: boolean;
}

export interface DeployOptions {
  readonly stack: string;
  readonly stage: StageChoice;
  /** Take over fields another field manager owns (server-side apply `force`). */
  readonly forceConflicts: boolean;
  /** Requests in flight at once within one group. @default 8 */
  readonly concurrency?: number;
}

/**
 * Desired against live: for each object, whether applying it would create it, change fields (the server's dry-run
 * apply result compared with the live object, so defaults and other managers' fields are accounted for) or leave it
 * as it is; then the objects the stack owns that it no longer synthesises. Writes nothing.
 */
export async function diffStack(
  client: ClusterClient,
  groups: readonly DesiredGroup[],
  opts: DeployOptions,
): Promise<DeployReport> {
  const outcomes: Outcome[] = [];
  for (const group of groups) {
    outcomes.push(
      ...(await mapLimit(group.objects, opts.concurrency ?? 8, async (object): Promise<Outcome> => {
        const live = await client.get(object);
        if (!live) return object.kind === 'Node' ? { action: 'missing-node', object } : { action: 'create', object };
        try {
          return classify(object, live, await client.apply(object, { dryRun: true, force: opts.forceConflicts }));
        } catch (error) {
          if (!(error instanceof ClusterError && error.kind === 'conflict')) throw error;
          // What apply --force-conflicts would make of it, and why a plain apply would stop.
          const forced = classify(object, live, await client.apply(object, { dryRun: true, force: true }));
          return forced.action === 'update' ? { ...forced, conflict: error.message } : forced;
        }
      })),
    );
  }
  const { prune, unservedKinds } = await pruneCandidates(client, groups, opts);
  return { outcomes: [...outcomes, ...prune.map((object) => ({ action: 'prune' as const, object }))], unservedKinds };
}

/**
 * Server-side apply of every object under the `superpod` field manager, group by group; with `prune`, deletes the
 * objects labelled as owned by the stack that it no longer synthesises (workloads before platform). With `dryRun`,
 * every write is a server dry run (`dryRun=All`): the API server validates and admits, nothing is persisted.
 */
export async function applyStack(
  client: ClusterClient,
  groups: readonly DesiredGroup[],
  opts: DeployOptions & { readonly dryRun: boolean; readonly prune: boolean; readonly signal?: AbortSignal },
  progress: (outcome: Outcome) => void = () => {},
): Promise<DeployReport> {
  const outcomes: Outcome[] = [];
  // A dry run persists nothing, so objects in a namespace the same run creates cannot reach the server.
  const dryNamespaces = new Set<string>();
  // Interrupted (SIGINT, SIGTERM): requests in flight finish, nothing new is sent, and what was applied is reported.
  // Server-side apply is idempotent, so the next run converges.
  const stopped = () => opts.signal?.aborted === true;
  for (const group of groups) {
    // Stryker disable next-line ConditionalExpression: the per-object check below also returns before any request
    if (stopped()) break;
    const results = await mapLimit(
      group.objects,
      opts.concurrency ?? 8,
      async (object): Promise<Outcome | undefined> => {
        if (stopped()) return undefined;
        const ns = object.metadata.namespace;
        // dryNamespaces holds names only in a dry run
        if (ns !== undefined && dryNamespaces.has(ns))
          return { action: 'create', object, note: `not validated: namespace ${ns} is created by this apply` };
        const live = await client.get(object);
        if (!live && object.kind === 'Node') return { action: 'missing-node', object };
        const result = await client.apply(object, { dryRun: opts.dryRun, force: opts.forceConflicts });
        if (!live && opts.dryRun && object.kind === 'Namespace') dryNamespaces.add(object.metadata.name);
        return live ? classify(object, live, result) : { action: 'create', object };
      },
    );
    const done = results.filter((o): o is Outcome => o !== undefined);
    for (const outcome of done) progress(outcome);
    outcomes.push(...done);
  }
  if (stopped()) return { outcomes, unservedKinds: [], interrupted: true };
  let unservedKinds: readonly string[] = [];
  if (opts.prune) {
    const candidates = await pruneCandidates(client, groups, opts);
    unservedKinds = candidates.unservedKinds;
    for (const object of candidates.prune.reverse()) {
      if (stopped()) return { outcomes, unservedKinds, interrupted: true };
      await client.delete(object, { dryRun: opts.dryRun });
      const outcome = { action: 'prune' as const, object };
      progress(outcome);
      outcomes.push(outcome);
    }
  }
  return { outcomes, unservedKinds };
}

function classify(object: KubeObject, live: LiveObject, after: LiveObject): Outcome {
  const fields = fieldChanges(live, after);
  return fields.length === 0 ? { action: 'unchanged', object } : { action: 'update', object, fields };
}

/** Live objects labelled as the stack's whose identity is not among the desired objects, in kind order. */
async function pruneCandidates(
  client: ClusterClient,
  groups: readonly DesiredGroup[],
  opts: DeployOptions,
): Promise<{ prune: LiveObject[]; unservedKinds: string[] }> {
  const desired = new Set(groups.flatMap((g) => g.objects.map(identity)));
  const selector = ownerSelector(opts.stack);
  const prune: LiveObject[] = [];
  const unservedKinds: string[] = [];
  for (const { apiVersion, kind } of pruneKinds(groups, opts.stage)) {
    const items = await client.list(apiVersion, kind, selector);
    if (!items) {
      unservedKinds.push(`${kind} (${apiVersion})`);
      continue;
    }
    const owned = items.filter((o) => !desired.has(identity(o))).sort((a, b) => identity(a).localeCompare(identity(b)));
    prune.push(...owned);
  }
  return { prune, unservedKinds };
}

/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the order of `items`. After a failure no new
 * item starts, and the failure of the earliest item is thrown, so the error a user sees does not depend on timing.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  // Stryker disable next-line ArrayDeclaration: a sized array only saves growing it; every slot is written or we throw
  const results = new Array<R>(items.length);
  const failures = new Map<number, unknown>();
  let next = 0;
  const worker = async () => {
    while (failures.size === 0 && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failures.set(i, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return results;
}
