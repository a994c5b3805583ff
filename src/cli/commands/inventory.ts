import { UnifiedBusFabric } from '../../../constructs/fabric.ts';
import { loadInventory } from '../../app/load-stack.ts';
import { inventoryJson } from '../../deploy/inventory-file.ts';
import { inventoryFromLive, readLiveState } from '../../deploy/inventory-import.ts';
import { SuperpodInputError } from '../../errors.ts';
import { isDnsLabel } from '../../inventory/names.ts';
import { stringFlags } from '../args.ts';
import { clusterFlags, clusterUsage, connect, onCluster } from '../cluster-command.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { checkOutputWritable, writeFileAtomically } from '../write-output.ts';

const usage = `Usage: superpod inventory import [--app <file>] [--stack <id>] [--name <stack>] [--out <file>]
                                 [--kubeconfig <file>] [--context <name>]

Reads the live cluster's nodes into an Inventory (JSON) that the checks and the simulator can run on:
  - accelerator nodes by their accelerator-type label, with the allocatable accelerators (huawei.com/npu,
    nvidia.com/gpu) or, on DRA nodes, the devices of the Ascend driver's ResourceSlices;
  - SuperPoD, rack and server from the MindCluster topology-tree labels (huawei.com/topotree.*), pool and role from
    superpod.dev/pool and superpod.dev/role, other labels kept as the node's own.
Power, cooling and rack sizes are not in the Kubernetes API: pass --app with the stack the cluster was built from
to take them (and its workloads and suppressions) from it; without it racks carry zeros and a warning says so.
Differences between the cluster and the stack (missing nodes, fewer accelerators) are printed as warnings.

Options:
  --app <file>               the stack the cluster was built from (optional)
  --stack <id>               which stack of the app (default: the only one)
  --name <stack>             stack name of the imported inventory (default: the app's stack, else "live")
  --out <file>               write the JSON there (default: stdout)
${clusterUsage}`;

export const command = defineCommand('inventory', usage, {
  options: { ...stringFlags('app', 'stack', 'name', 'out'), ...clusterFlags },
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'import') {
      throw new SuperpodInputError({
        where: 'superpod inventory',
        problem: positionals.length === 0 ? 'missing subcommand' : 'unknown subcommand',
        value: positionals.join(' ') || undefined,
        fix: 'run `superpod inventory import`',
      });
    }
    if (values.out !== undefined) checkOutputWritable(values.out, 'the output', 'pass --out a file you can write');
    const base =
      values.app !== undefined || values.stack !== undefined
        ? await loadInventory(values.app, values.stack)
        : undefined;
    const name = values.name ?? base?.stack ?? 'live';
    if (!isDnsLabel(name))
      throw new SuperpodInputError({
        where: 'superpod inventory import --name',
        problem: 'not a DNS-1123 label',
        value: name,
        fix: 'pass a name like "live"',
      });
    const client = connect('inventory', values);
    const state = await onCluster(client, () => readLiveState(client));
    const { inventory, warnings } = inventoryFromLive(state, {
      stack: name,
      ...(base ? { base } : {}),
      defaultFabric: UnifiedBusFabric.atlas950().toInfo(),
    });
    for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
    const json = inventoryJson(inventory);
    const accelerators = inventory.nodes.reduce((sum, n) => sum + n.acceleratorCount, 0);
    const summary = `${name}: imported ${inventory.nodes.length} nodes, ${accelerators} accelerators in ${inventory.racks.length} racks, ${inventory.nodePools.length} pools from ${client.server}`;
    if (values.out !== undefined) {
      writeFileAtomically(values.out, json, '--out');
      io.stdout(`${summary} -> ${values.out}\n`);
    } else {
      io.stdout(json);
      io.stderr(`${summary}\n`);
    }
    return ExitCode.ok;
  },
});
