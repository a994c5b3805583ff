import path from 'node:path';
import { importAppFile, resolveAppFile } from '../../app/load-stack.ts';
import { appFromSpecFile } from '../../app/spec-app.ts';
import { SuperpodInputError } from '../../errors.ts';
import { synthesizeApps } from '../../terraform/session.ts';
import { booleanFlags, outputFlag, stringFlags } from '../args.ts';
import { type Command, defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { ProgressBar } from '../progress.ts';
import { sourceFile, sourceFlags } from '../stack-source.ts';

const usage = `Usage: superpod synth [--app <file> | -f <spec.yaml>] [--out <dir>] [--json]

Runs a cdktf app built with superpod constructs and writes, for each stack:
  <out>/stacks/<stack>/cdk.tf.json     Terraform JSON (hashicorp/kubernetes ~> 3.2)
  <out>/stacks/<stack>/manifests/*.yaml Kubernetes objects for kubectl apply --server-side
The output directory is replaced atomically: a failed synth leaves the previous one as it was.

Options:
  --app <file>   TypeScript file that builds the App and calls app.synth() (default: the embedded reference stack)
  -f, --file <spec>  a YAML or JSON cluster spec instead of a TypeScript app (see superpod spec)
  --out <dir>    output directory (default: cdktf.out, or $CDKTF_OUTDIR when cdktf-cli runs us)
  --json         print a JSON summary instead of text`;

export const command = defineCommand('synth', usage, {
  options: { ...sourceFlags, ...stringFlags('out'), ...booleanFlags('json') },
  async run({ values }, io) {
    sourceFile('synth', values);
    outputFlag('synth', values.out, 'directory', 'cdktf.out');
    // The app file builds its own App, which reads its output folder from CDKTF_OUTDIR; the value is put back after,
    // so a later run in the same process (a library caller, a test) does not inherit this one's --out.
    const previousOutdir = process.env.CDKTF_OUTDIR;
    if (values.out !== undefined) process.env.CDKTF_OUTDIR = values.out;
    try {
      return await synthesize(values, io);
    } finally {
      if (previousOutdir === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previousOutdir;
    }
  },
});

async function synthesize(
  values: { app?: string; file?: string; json?: boolean },
  io: Parameters<Command['run']>[1],
): Promise<number> {
  const bar = io.interactive && !values.json ? new ProgressBar(io) : undefined;
  const appFile = values.file ?? resolveAppFile(values.app);
  let apps: Awaited<ReturnType<typeof synthesizeApps>>;
  try {
    bar?.update('building the construct tree', 0, 1);
    apps = await synthesizeApps(
      () => (values.file !== undefined ? appFromSpecFile(values.file).app.synth() : importAppFile(appFile)),
      bar ? (stage, done, total) => bar.update(stage, done, total) : undefined,
    );
  } finally {
    bar?.clear();
  }
  if (apps.length === 0) {
    throw new SuperpodInputError({
      where: path.relative(process.cwd(), appFile),
      problem: 'the app never called app.synth() on a superpod App',
      fix: 'import App from superpod (not from cdktf) and call app.synth() at the end',
    });
  }
  const stacks = apps.flatMap((app) =>
    app.superPodStacks.map((stack) => {
      const { inventory, kubernetes } = stack.synthesis();
      return {
        stack: stack.node.id,
        outdir: path.join(app.finalOutdir, 'stacks', stack.node.id).split(path.sep).join('/'),
        superPods: inventory.superPods.length,
        racks: inventory.racks.length,
        nodes: inventory.nodes.length,
        accelerators: inventory.nodes.reduce((sum, n) => sum + n.acceleratorCount, 0),
        objects: kubernetes.files.reduce((sum, f) => sum + f.objects.length, 0),
        labelledNodes: kubernetes.nodeLabels.length,
      };
    }),
  );
  if (values.json) {
    io.stdout(`${JSON.stringify({ stacks }, null, 2)}\n`);
  } else {
    for (const s of stacks) {
      io.stdout(
        `${s.stack}: ${s.superPods} SuperPoD, ${s.racks} racks, ${s.nodes} nodes, ${s.accelerators} accelerators -> ${s.objects} objects + labels for ${s.labelledNodes} nodes in ${s.outdir}/ (cdk.tf.json, manifests/)\n`,
      );
    }
  }
  return ExitCode.ok;
}
