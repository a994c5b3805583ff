import path from 'node:path';
import { capacityFiles } from '../../app/capacity-files.ts';
import { loadCapacityInput } from '../../app/capacity-input.ts';
import { capacityReportInputs, policyConfig } from '../../app/checks.ts';
import { loadInventory } from '../../app/load-stack.ts';
import { CAPACITY_JSON_FILE, type CapacityDocument } from '../../capacity/index.ts';
import { priceCapacity } from '../../compare/index.ts';
import { shownPath } from '../../file-errors.ts';
import { CAPACITY_REPORT_FILES } from '../../report/index.ts';
import { booleanFlags, listFlags, numberFlag, outputFlag, stringFlags } from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { keyedFlag } from '../keyed-flag.ts';
import { sourceFile, stackFlags } from '../stack-source.ts';
import { writeFilesAtomically } from '../write-output.ts';

const usage = `Usage: superpod report [--app <file> | -f <spec.yaml>] [--stack <id>] [--out <dir>] [--config <file>]
                       [--card-hour-price <price>] [--price <id>=<X> ...] [--no-schedule] [--compare <base>]

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
                             (with --compare, the base's costs are priced with it too)
  --price <id>=<X>           price of one accelerator-hour by catalogue id (repeat: --price h200-sxm=3.5
                             --price b200=5.5) for the hardware alternatives' cost per million output tokens
                             (declared hardware against h20, h200-sxm, b200); without one an option's cost is
                             "not evaluated"
  --no-schedule              leave out the scheduler experiment (the slowest part on large clusters)
  --compare <base>           "compared with" mode: the page lists the figures that changed since <base> and the
                             elevations mark added and removed nodes; <base> is a capacity.json, a synth output
                             folder, a spec or a stack file (as for superpod compare)`;

export const command = defineCommand('report', usage, {
  options: {
    ...stackFlags,
    ...stringFlags('out', 'config', 'card-hour-price', 'compare'),
    ...listFlags('price'),
    ...booleanFlags('no-schedule'),
  },
  async run({ values }, io) {
    sourceFile('report', values);
    outputFlag('report', values.out, 'directory', 'cdktf.out/stacks/main');
    const cardHourPrice = numberFlag('report', 'card-hour-price', values['card-hour-price'], { min: 0 });
    const cardHourPrices = Object.fromEntries(keyedFlag('report', 'price', values.price));
    const config = policyConfig(values.config);
    const inventory = await loadInventory(values.file ?? values.app, values.stack);
    // The price is this review's: the base is priced with it too, so the costs compare on one basis.
    const priced = (doc: CapacityDocument) => (cardHourPrice === undefined ? doc : priceCapacity(doc, cardHourPrice));
    const base =
      values.compare === undefined
        ? undefined
        : {
            document: priced(await loadCapacityInput(values.compare, 'base', { stack: inventory.stack })),
            label: values.compare,
          };
    const { files } = capacityFiles(inventory, {
      ...capacityReportInputs(inventory, {
        ...(config ? { config } : {}),
        ...(cardHourPrice === undefined ? {} : { price: { cardHourPrice } }),
        ...(values['no-schedule'] ? { schedule: false } : {}),
      }),
      alternatives: { cardHourPrices },
      ...(base ? { compareWith: base } : {}),
    });
    const outDir = values.out ?? path.join(process.env.CDKTF_OUTDIR?.trim() || 'cdktf.out', 'stacks', inventory.stack);
    writeFilesAtomically(outDir, files, '--out');
    const shown = shownPath(outDir).replace(/\/+$/, '') || '/';
    const html = files[CAPACITY_REPORT_FILES.html];
    io.stdout(
      `${inventory.stack}: ${shown}/${CAPACITY_REPORT_FILES.html} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB), ${shown}/${CAPACITY_REPORT_FILES.markdown}, ${shown}/${CAPACITY_JSON_FILE}\n`,
    );
    return ExitCode.ok;
  },
});
