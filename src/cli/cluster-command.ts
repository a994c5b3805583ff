import { loadInventory } from '../app/load-stack.ts';
import { ClusterClient } from '../deploy/client.ts';
import { showValue } from '../deploy/compare.ts';
import type { DeployReport, Outcome } from '../deploy/deploy.ts';
import { type DesiredGroup, desiredGroups, type StageChoice } from '../deploy/desired.ts';
import { clusterProblem } from '../deploy/errors.ts';
import { SuperpodInputError } from '../errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { objectKey } from '../k8s/object.ts';
import { synthesizeKubernetes } from '../k8s/synthesize.ts';

/** Flags every cluster command takes (node:util parseArgs options). */
export const clusterFlags = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'request-timeout': { type: 'string' },
} as const;

export const clusterUsage = `  --kubeconfig <file>        kubeconfig (default: $KUBECONFIG, then ~/.kube/config)
  --context <name>           context in the kubeconfig (default: its current context)
  --request-timeout <s>      seconds to wait for each API request (default 30)`;

type ClusterFlagValues = { kubeconfig?: string; context?: string; 'request-timeout'?: string };

export function connect(command: string, values: ClusterFlagValues) {
  const raw = values['request-timeout'];
  const seconds = raw === undefined ? 30 : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new SuperpodInputError({
      where: `superpod ${command} --request-timeout`,
      problem: 'expected a number of seconds from 0 to 3600',
      value: raw,
      fix: 'pass for example --request-timeout 30',
    });
  }
  return new ClusterClient({
    ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.context !== undefined ? { context: values.context } : {}),
    timeoutMs: seconds * 1000,
  });
}

export function parseStage(command: string, raw: string | undefined): StageChoice {
  const stage = raw ?? 'all';
  if (stage !== 'all' && stage !== 'platform' && stage !== 'workloads') {
    throw new SuperpodInputError({
      where: `superpod ${command} --stage`,
      problem: 'unknown stage',
      value: raw,
      fix: 'use platform (built-in kinds), workloads (custom resources and workloads) or all',
    });
  }
  return stage;
}

/** What diff and apply work on: the stage, the stack's Inventory, its objects as apply groups, and the cluster. */
export async function clusterTarget(
  command: string,
  values: ClusterFlagValues & { app?: string; stack?: string; stage?: string },
): Promise<{ stage: StageChoice; inventory: Inventory; groups: DesiredGroup[]; client: ClusterClient }> {
  const stage = parseStage(command, values.stage);
  const inventory = await loadInventory(values.app, values.stack);
  const groups = desiredGroups(synthesizeKubernetes(inventory), stage);
  return { stage, inventory, groups, client: connect(command, values) };
}

/** The `--json` output of diff and apply: where, what changes (unchanged objects only counted) and what was not seen. */
export function deployJson(
  target: { stage: StageChoice; inventory: Inventory; client: ClusterClient },
  report: DeployReport,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  const body = {
    stack: target.inventory.stack,
    server: target.client.server,
    context: target.client.contextName,
    stage: target.stage,
    ...extra,
    counts: countOutcomes(report),
    outcomes: report.outcomes.filter((o) => o.action !== 'unchanged').map(outcomeJson),
    unservedKinds: report.unservedKinds,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Runs a cluster operation, turning request failures into the one-line input error (exit 2). */
export async function onCluster<T>(client: ClusterClient, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw clusterProblem(error, client);
  }
}

export function countOutcomes(report: DeployReport) {
  const counts = { create: 0, update: 0, unchanged: 0, prune: 0, 'missing-node': 0 };
  for (const o of report.outcomes) counts[o.action]++;
  return counts;
}

/** One outcome as JSON for `--json`. */
export function outcomeJson(outcome: Outcome) {
  return {
    action: outcome.action,
    object: objectKey(outcome.object),
    apiVersion: outcome.object.apiVersion,
    ...(outcome.action === 'update' ? { fields: outcome.fields } : {}),
    ...(outcome.action === 'update' && outcome.conflict ? { conflict: outcome.conflict } : {}),
  };
}

/** Lines of a diff: what changes, field by field; unchanged objects only count. */
export function diffLines(report: DeployReport): string[] {
  const lines: string[] = [];
  for (const o of report.outcomes) {
    const key = objectKey(o.object);
    switch (o.action) {
      case 'create':
        lines.push(`+ create     ${key}`);
        break;
      case 'update':
        lines.push(`~ update     ${key}`);
        for (const f of o.fields) lines.push(`      ${f.path}: ${showValue(f.from)} -> ${showValue(f.to)}`);
        if (o.conflict) lines.push(`      conflict: ${o.conflict}; apply needs --force-conflicts to take these fields`);
        break;
      case 'prune':
        lines.push(`- prune      ${key}   (owned by the stack, no longer synthesised; removed by apply --prune)`);
        break;
      case 'missing-node':
        lines.push(`! skip       ${key}   (not in the cluster; its labels are applied once it joins)`);
        break;
    }
  }
  return lines;
}

export function unservedNote(report: DeployReport): string[] {
  return report.unservedKinds.length > 0
    ? [`note: the cluster does not serve ${report.unservedKinds.join(', ')}; prune did not look at them`]
    : [];
}
