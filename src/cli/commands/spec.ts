import fs from 'node:fs';
import { loadInventory } from '../../app/load-stack.ts';
import { SuperpodInputError } from '../../errors.ts';
import { exportSpec } from '../../spec/export.ts';
import { specSchema } from '../../spec/schema.ts';
import { serializeSpec, withoutSources } from '../../spec/serialize.ts';
import { booleanFlags, stringFlags } from '../args.ts';
import { defineSubcommands, subcommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { checkOutputWritable, writeFileAtomically } from '../write-output.ts';

const usage = `Usage: superpod spec <schema|init|export> [options]

  superpod spec schema                 print the JSON Schema of cluster specs (for editors and CI)
  superpod spec init [--out spec.yaml] [--force]
                                       write a starter spec: the reference prefill/decode slice
  superpod spec export [--app <file>] [--stack <id>] [--out <file>] [--json] [--no-source]
                                       write the spec of a TypeScript stack; it synthesises the same bytes

A spec builds with \`superpod synth -f spec.yaml\` (and check, simulate, report -f).
--no-source drops the source: fields, so reports point at the spec's own lines.`;

export const command = defineSubcommands(
  'spec',
  usage,
  {
    schema: subcommand({
      options: {},
      run: (_parsed, io) => {
        io.stdout(`${JSON.stringify(specSchema(), null, 2)}\n`);
        return ExitCode.ok;
      },
    }),
    init: subcommand({
      options: { ...stringFlags('out'), ...booleanFlags('force') },
      run: async ({ values }, io) => {
        const out = values.out ?? 'spec.yaml';
        const text = serializeSpec(
          withoutSources(exportSpec(await loadInventory())),
          out.endsWith('.json') ? 'json' : 'yaml',
        );
        writeNew(out, text, values.force === true, 'spec init');
        io.stdout(`wrote ${out}: the reference prefill/decode slice; edit it, then run superpod synth -f ${out}\n`);
        return ExitCode.ok;
      },
    }),
    export: subcommand({
      options: { ...stringFlags('app', 'stack', 'out'), ...booleanFlags('json', 'no-source', 'force') },
      run: async ({ values }, io) => {
        if (values.out !== undefined) checkOutputWritable(values.out, 'the output', 'pass --out a file you can write');
        const spec = exportSpec(await loadInventory(values.app, values.stack));
        const format = values.json || values.out?.endsWith('.json') ? 'json' : 'yaml';
        const text = serializeSpec(values['no-source'] ? withoutSources(spec) : spec, format);
        if (values.out === undefined) io.stdout(text);
        else {
          writeNew(values.out, text, values.force === true, 'spec export');
          io.stdout(`wrote ${values.out}\n`);
        }
        return ExitCode.ok;
      },
    }),
  },
  'use schema, init or export',
);

/** Writes a file through a temporary sibling and a rename; never overwrites unless asked. */
function writeNew(file: string, text: string, force: boolean, command: string): void {
  if (fs.existsSync(file) && !force) {
    throw new SuperpodInputError({
      where: `superpod ${command} --out`,
      problem: 'the file exists',
      value: file,
      fix: 'pass --force to replace it, or choose another --out',
    });
  }
  writeFileAtomically(file, text, '--out');
}
