import fs from 'node:fs';
import path from 'node:path';
import { loadInventory } from '../../app/load-stack.ts';
import { SuperpodInputError } from '../../errors.ts';
import { exportSpec } from '../../spec/export.ts';
import { specSchema } from '../../spec/schema.ts';
import { serializeSpec, withoutSources } from '../../spec/serialize.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../io.ts';

const usage = `Usage: superpod spec <schema|init|export> [options]

  superpod spec schema                 print the JSON Schema of cluster specs (for editors and CI)
  superpod spec init [--out spec.yaml] [--force]
                                       write a starter spec: the reference prefill/decode slice
  superpod spec export [--app <file>] [--stack <id>] [--out <file>] [--json] [--no-source]
                                       write the spec of a TypeScript stack; it synthesises the same bytes

A spec builds with \`superpod synth -f spec.yaml\` (and check, simulate, report -f).
--no-source drops the source: fields, so reports point at the spec's own lines.`;

export const command: Command = {
  name: 'spec',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'schema': {
        parseCommandArgs('spec schema', rest, {});
        io.stdout(`${JSON.stringify(specSchema, null, 2)}\n`);
        return ExitCode.ok;
      }
      case 'init': {
        const { values } = parseCommandArgs('spec init', rest, { out: { type: 'string' }, force: { type: 'boolean' } });
        const out = values.out ?? 'spec.yaml';
        const text = serializeSpec(
          withoutSources(exportSpec(await loadInventory())),
          out.endsWith('.json') ? 'json' : 'yaml',
        );
        writeNew(out, text, values.force === true, 'spec init');
        io.stdout(`wrote ${out}: the reference prefill/decode slice; edit it, then run superpod synth -f ${out}\n`);
        return ExitCode.ok;
      }
      case 'export': {
        const { values } = parseCommandArgs('spec export', rest, {
          app: { type: 'string' },
          stack: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean' },
          'no-source': { type: 'boolean' },
          force: { type: 'boolean' },
        });
        const spec = exportSpec(await loadInventory(values.app, values.stack));
        const format = values.json || values.out?.endsWith('.json') ? 'json' : 'yaml';
        const text = serializeSpec(values['no-source'] ? withoutSources(spec) : spec, format);
        if (values.out === undefined) io.stdout(text);
        else {
          writeNew(values.out, text, values.force === true, 'spec export');
          io.stdout(`wrote ${values.out}\n`);
        }
        return ExitCode.ok;
      }
      default:
        throw new SuperpodInputError({
          where: 'superpod spec',
          problem: sub === undefined ? 'missing subcommand' : 'unknown subcommand',
          value: sub,
          fix: 'use schema, init or export',
        });
    }
  },
};

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
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
