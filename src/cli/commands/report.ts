import fs from 'node:fs';
import path from 'node:path';
import { capacityFiles } from '../../app/capacity-files.ts';
import { loadCapacityInput } from '../../app/capacity-input.ts';
import { capacityReportInputs, policyConfig } from '../../app/checks.ts';
import { loadInventory } from '../../app/load-stack.ts';
import { CAPACITY_JSON_FILE } from '../../capacity/index.ts';
import { SuperpodInputError } from '../../errors.ts';
import { CAPACITY_REPORT_FILES } from '../../report/index.ts';
import { numberFlag, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../io.ts';
import { sourceFile, stackFlags } from '../stack-source.ts';

const usage = `Usage: superpod report [--app <file> | -f <spec.yaml>] [--stack <id>] [--out <dir>] [--config <file>]
                       [--card-hour-price <price>] [--no-schedule] [--compare <base>]

Writes the capacity-review report of a stack:
  <out>/reports/capacity.html   one self-contained page (no network): rack elevations, power and heat against
                                the derated feeds and cooling, heat maps, memory fit, TTFT/TPOT against the SLO,
                                rooflines, scheduling curves per placement policy, policy findings
  <out>/reports/capacity.md     the verdicts and worst cases as Markdown, for a pull-request comment
  <out>/reports/capacity.json   the figures as a versioned artefact (superpod compare reads it)
The files are replaced atomically. Exit codes: 0 written, 2 bad usage or input.

Options:
  --app <file>               TypeScript file that builds the App (default: the embedded reference stack)
  -f, --file <spec>          a YAML or JSON cluster spec instead of a TypeScript app
  --stack <id>               the stack to report when the app has several
  --out <dir>                directory that receives reports/ (default: cdktf.out/stacks/<stack>, or
                             $CDKTF_OUTDIR/stacks/<stack>)
  --config <file>            policy config (default: superpod.policy.yaml, .yml or .json here, when present)
  --card-hour-price <price>  all-in price of one accelerator-hour: adds the cost per million output tokens
  --no-schedule              leave out the scheduler experiment (the slowest part on large clusters)
  --compare <base>           "compared with" mode: the page lists the figures that changed since <base> and the
                             elevations mark added and removed nodes; <base> is a capacity.json, a synth output
                             folder, a spec or a stack file (as for superpod compare)`;

export const command: Command = {
  name: 'report',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs('report', args, {
      ...stackFlags,
      out: { type: 'string' },
      config: { type: 'string' },
      'card-hour-price': { type: 'string' },
      'no-schedule': { type: 'boolean' },
      compare: { type: 'string' },
    });
    sourceFile('report', values);
    if (values.out !== undefined && values.out.trim() === '') {
      throw new SuperpodInputError({
        where: 'superpod report --out',
        problem: 'empty output directory',
        value: values.out,
        fix: 'pass a directory such as --out cdktf.out/stacks/main',
      });
    }
    const cardHourPrice = numberFlag('report', 'card-hour-price', values['card-hour-price'], { min: 0 });
    const config = policyConfig(values.config);
    const inventory = await loadInventory(values.file ?? values.app, values.stack);
    const base =
      values.compare === undefined
        ? undefined
        : {
            document: await loadCapacityInput(values.compare, 'base', { stack: inventory.stack }),
            label: values.compare,
          };
    const { files } = capacityFiles(inventory, {
      ...capacityReportInputs(inventory, {
        ...(config ? { config } : {}),
        ...(cardHourPrice === undefined ? {} : { price: { cardHourPrice } }),
        ...(values['no-schedule'] ? { schedule: false } : {}),
      }),
      ...(base ? { compareWith: base } : {}),
    });
    const outDir = values.out ?? path.join(process.env.CDKTF_OUTDIR?.trim() || 'cdktf.out', 'stacks', inventory.stack);
    writeAtomically(outDir, files);
    const shown = path.relative(process.cwd(), path.resolve(outDir)).split(path.sep).join('/') || '.';
    const html = files[CAPACITY_REPORT_FILES.html];
    io.stdout(
      `${inventory.stack}: ${shown}/${CAPACITY_REPORT_FILES.html} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB), ${shown}/${CAPACITY_REPORT_FILES.markdown}, ${shown}/${CAPACITY_JSON_FILE}\n`,
    );
    return ExitCode.ok;
  },
};

/**
 * Writes every file to a temporary sibling first, then renames them into place: a reader sees the old or the new
 * report, and a failure while writing leaves the old one untouched.
 */
function writeAtomically(dir: string, files: Readonly<Record<string, string>>): void {
  const temps: [string, string][] = [];
  try {
    for (const [relative, content] of Object.entries(files)) {
      const target = path.resolve(dir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      fs.writeFileSync(temp, content);
      temps.push([temp, target]);
    }
  } catch (error) {
    for (const [temp] of temps) fs.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EROFS') {
      throw new SuperpodInputError({
        where: 'superpod report --out',
        problem: `cannot write the report (${code})`,
        value: dir,
        fix: 'pass a writable directory with --out',
      });
    }
    throw error;
  }
  for (const [temp, target] of temps) fs.renameSync(temp, target);
}
