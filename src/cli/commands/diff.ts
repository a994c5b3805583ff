import { diffStack } from '../../deploy/deploy.ts';
import { booleanFlags, stringFlags } from '../args.ts';
import {
  clusterFlags,
  clusterTarget,
  clusterUsage,
  countOutcomes,
  deployJson,
  diffLines,
  onCluster,
  unservedNote,
} from '../cluster-command.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';

const usage = `Usage: superpod diff [--app <file>] [--stack <id>] [--stage all|platform|workloads] [--force-conflicts]
                     [--kubeconfig <file>] [--context <name>] [--json]

Compares a stack's synthesised objects with the live cluster, writing nothing. For each object that exists, the
API server's dry-run server-side apply (field manager "superpod") is compared with the live object, so defaults
and fields other managers own are accounted for. Objects labelled as owned by the stack
(app.kubernetes.io/managed-by=superpod, superpod.dev/stack=<stack>) that it no longer synthesises are listed as
prune candidates. Nodes are only labelled, never created; Namespaces are never pruned.

Exit codes: 0 no differences, 1 differences, 2 bad input or a cluster error (unreachable, denied, conflict).

Options:
  --app <file>               stack file (default: the embedded reference stack)
  --stack <id>               which stack of the app (default: the only one)
  --stage <stage>            platform (built-in kinds), workloads (custom resources and workloads) or all (default)
  --force-conflicts          compare as if taking over fields another manager owns (else a conflict is an error)
${clusterUsage}
  --json                     print the plan as JSON`;

export const command = defineCommand('diff', usage, {
  options: { ...stringFlags('app', 'stack', 'stage'), ...booleanFlags('force-conflicts', 'json'), ...clusterFlags },
  async run({ values }, io) {
    const target = await clusterTarget('diff', values);
    const { stage, inventory, groups, client } = target;
    const report = await onCluster(client, () =>
      diffStack(client, groups, { stack: inventory.stack, stage, forceConflicts: values['force-conflicts'] === true }),
    );
    const counts = countOutcomes(report);
    const changes = counts.create + counts.update + counts.prune;
    if (values.json) {
      io.stdout(deployJson(target, report));
    } else {
      const lines = [
        `${inventory.stack} -> ${client.server} (context ${client.contextName}), stage ${stage}`,
        ...diffLines(report),
        `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.prune} to prune, ${counts.unchanged} unchanged${counts['missing-node'] ? `, ${counts['missing-node']} nodes not in the cluster` : ''}.`,
        ...unservedNote(report),
      ];
      io.stdout(`${lines.join('\n')}\n`);
    }
    return changes > 0 ? ExitCode.findings : ExitCode.ok;
  },
});
