import { applyStack, type Outcome } from '../../deploy/deploy.ts';
import { SuperpodInputError } from '../../errors.ts';
import { objectKey } from '../../k8s/object.ts';
import { booleanFlags, stringFlags } from '../args.ts';
import {
  clusterFlags,
  clusterTarget,
  clusterUsage,
  countOutcomes,
  deployJson,
  onCluster,
  unservedNote,
} from '../cluster-command.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';

const usage = `Usage: superpod apply [--app <file>] [--stack <id>] [--stage all|platform|workloads] [--dry-run=server]
                      [--prune] [--force-conflicts] [--kubeconfig <file>] [--context <name>] [--json]

Applies a stack's synthesised objects to the cluster with server-side apply (field manager "superpod"), file by
file in apply order: platform (namespaces, RBAC, device plugins, DRA, node labels, Volcano config), then workloads
(Volcano queues and HyperNodes, then the workloads). The workloads stage needs the Volcano and LeaderWorkerSet CRDs.
Node labels are applied to nodes that exist; a node not yet joined is skipped, never created.

With --prune, objects labelled as owned by this stack (app.kubernetes.io/managed-by=superpod,
superpod.dev/stack=<stack>) that it no longer synthesises are deleted afterwards, workloads first. Prune never
deletes Nodes or Namespaces, and never touches objects without both labels.

Exit codes: 0 applied, 2 bad input or a cluster error (unreachable, denied, conflict); objects applied before an
error stay applied and are listed.

Options:
  --app <file>               stack file (default: the embedded reference stack)
  --stack <id>               which stack of the app (default: the only one)
  --stage <stage>            platform, workloads or all (default)
  --dry-run=server           send every write as a server dry run: validated and admitted, not persisted
  --prune                    delete owned objects the stack no longer synthesises
  --force-conflicts          take over fields another field manager owns (else a conflict is an error)
${clusterUsage}
  --json                     print the result as JSON`;

const VERB: Record<Outcome['action'], string> = {
  create: 'created',
  update: 'configured',
  unchanged: 'unchanged',
  prune: 'pruned',
  'missing-node': 'skipped',
};

export const command = defineCommand('apply', usage, {
  interruptible: true,
  options: {
    ...stringFlags('app', 'stack', 'stage', 'dry-run'),
    ...booleanFlags('prune', 'force-conflicts', 'json'),
    ...clusterFlags,
  },
  async run({ values }, io) {
    const dryRunFlag = values['dry-run'];
    if (dryRunFlag !== undefined && dryRunFlag !== 'server' && dryRunFlag !== 'none') {
      throw new SuperpodInputError({
        where: 'superpod apply --dry-run',
        problem: 'only a server dry run is supported',
        value: dryRunFlag,
        fix: 'pass --dry-run=server (or use `superpod diff` to compare without writing)',
      });
    }
    const dryRun = dryRunFlag === 'server';
    const target = await clusterTarget('apply', values);
    const { stage, inventory, groups, client } = target;
    const suffix = dryRun ? ' (server dry run)' : '';
    if (!values.json)
      io.stdout(`${inventory.stack} -> ${client.server} (context ${client.contextName}), stage ${stage}${suffix}\n`);
    const report = await onCluster(client, () =>
      applyStack(
        client,
        groups,
        {
          stack: inventory.stack,
          stage,
          forceConflicts: values['force-conflicts'] === true,
          dryRun,
          prune: values.prune === true,
          ...(io.signal ? { signal: io.signal } : {}),
        },
        (outcome) => {
          if (values.json || outcome.action === 'unchanged') return;
          const note =
            outcome.action === 'missing-node'
              ? ' (not in the cluster; labelled once it joins)'
              : outcome.action === 'create' && outcome.note
                ? ` (${outcome.note})`
                : '';
          io.stdout(`${VERB[outcome.action]} ${objectKey(outcome.object)}${note}${suffix}\n`);
        },
      ),
    );
    const counts = countOutcomes(report);
    if (values.json) {
      io.stdout(deployJson(target, report, { dryRun }));
    } else {
      const lines = [
        `Applied${suffix}: ${counts.create} created, ${counts.update} configured, ${counts.unchanged} unchanged, ${counts.prune} pruned${counts['missing-node'] ? `, ${counts['missing-node']} nodes skipped` : ''}.`,
        ...unservedNote(report),
      ];
      io.stdout(`${lines.join('\n')}\n`);
    }
    if (report.interrupted) {
      io.stderr(
        `superpod apply: interrupted after ${report.outcomes.length} objects (listed above); nothing else was sent; run superpod apply again to converge\n`,
      );
    }
    return ExitCode.ok;
  },
});
