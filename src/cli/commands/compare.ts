import { checkBaseRef, loadCapacityAtRef, loadCapacityInput } from '../../app/capacity-input.ts';
import {
  diffCapacity,
  evaluateGate,
  gateHelp,
  parseGateConditions,
  priceCapacity,
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareText,
} from '../../compare/index.ts';
import { SuperpodInputError } from '../../errors.ts';
import { choiceFlag, listFlags, numberFlag, outputFlag, positionalArgs, stringFlags } from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { writeFileAtomically } from '../write-output.ts';

const RENDER = { markdown: renderCompareMarkdown, json: renderCompareJson, text: renderCompareText } as const;
const FORMATS = Object.keys(RENDER) as (keyof typeof RENDER)[];

const usage = `Usage: superpod compare <base> <head> [--format markdown|json|text] [--fail-on <condition>]...
                        [--card-hour-price <price>] [--out <file>]
       superpod compare --base-ref <git-ref> <head> [...]

Compares the capacity of two versions of a cluster: NPUs, nodes and racks, IT and facility kW, liquid and air heat,
per service TTFT, TPOT, goodput, tokens/J and cost per million tokens, SLO verdicts that flipped, services added and
removed, and policy findings new, fixed and newly suppressed (matched by fingerprint, not by line).

Each side is one of:
  a capacity.json                 reports/capacity.json, written by superpod synth and superpod report
  a synth output folder           cdktf.out, cdktf.out/stacks/<stack> or its reports/
  a spec or stack file            cluster.yaml, stacks/main.ts: synthesised into a temporary folder first
With --base-ref the base is <head> as it was at that git revision (checked out in a temporary git worktree,
removed afterwards, also when interrupted), e.g. superpod compare --base-ref origin/main cluster.yaml.

Identical inputs print "no capacity change". Exit codes: 0 compared, 1 a --fail-on condition holds,
2 bad usage or input, 130/143 interrupted (SIGINT/SIGTERM; temporary folders and worktree removed).

Options:
  --format <f>        markdown (default: a pull-request comment), text, or json (every figure, unbounded)
  --fail-on <cond>    exit 1 when the condition holds; repeat it or separate with commas:
${gateHelp()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  --card-hour-price <price>
                      all-in price of one accelerator-hour, applied to both sides: the cost per million output
                      tokens and its change (default: the price each capacity.json was written with, from
                      superpod report --card-hour-price; without one the cost is unknown and card-hours are shown)
  --base-ref <ref>    take the base from this git revision (a branch, tag or commit)
  --stack <id>        the stack to compare when a side has several
  --out <file>        write the comparison to a file instead of standard output`;

export const command = defineCommand('compare', usage, {
  options: { ...stringFlags('format', 'base-ref', 'card-hour-price', 'stack', 'out'), ...listFlags('fail-on') },
  positionals: true,
  // Synthesised sides run in temporary folders and a git worktree: a signal stops the synths and removes them.
  interruptible: true,
  interruptNote: 'stopping the synths and removing their temporary folders and git worktree',
  async run({ values, positionals }, io) {
    const format = choiceFlag('compare', 'format', values.format, FORMATS, 'markdown');
    const baseRef = values['base-ref'];
    if (baseRef !== undefined && baseRef.trim() === '') {
      throw new SuperpodInputError({
        where: 'superpod compare --base-ref',
        problem: 'empty revision',
        value: baseRef,
        fix: 'pass a branch, tag or commit, e.g. --base-ref origin/main',
      });
    }
    const expected = baseRef === undefined ? 2 : 1;
    const [first, second] = positionalArgs(
      'compare',
      positionals,
      { min: expected, max: expected },
      baseRef === undefined
        ? `expected two inputs, <base> and <head> (got ${positionals.length})`
        : `with --base-ref expected one input, <head> (got ${positionals.length})`,
      baseRef === undefined
        ? 'e.g. superpod compare base/capacity.json cdktf.out, or superpod compare --base-ref origin/main cluster.yaml'
        : 'e.g. superpod compare --base-ref origin/main cluster.yaml',
    );
    const out = outputFlag('compare', values.out, 'file', 'capacity-comment.md');
    const conditions = parseGateConditions(values['fail-on'] ?? []);
    const cardHourPrice = numberFlag('compare', 'card-hour-price', values['card-hour-price'], { min: 0 });
    const opts = {
      ...(values.stack === undefined ? {} : { stack: values.stack }),
      ...(io.signal ? { signal: io.signal } : {}),
    };
    const head = baseRef === undefined ? second! : first!;
    if (baseRef !== undefined) await checkBaseRef(baseRef, head, opts);
    // Both sides at once; every synth finishes (and cleans up) before an error is reported, the base's first.
    const [baseSide, headSide] = await Promise.allSettled([
      baseRef === undefined ? loadCapacityInput(first!, 'base', opts) : loadCapacityAtRef(baseRef, head, opts),
      loadCapacityInput(head, 'head', opts),
    ]);
    if (io.signal?.aborted) {
      io.stderr('superpod compare: interrupted; nothing was compared, and no temporary folder or worktree is left\n');
      return ExitCode.badInput;
    }
    if (baseSide.status === 'rejected') throw baseSide.reason;
    if (headSide.status === 'rejected') throw headSide.reason;
    const priced = (doc: typeof baseSide.value) =>
      cardHourPrice === undefined ? doc : priceCapacity(doc, cardHourPrice);
    const diff = diffCapacity(priced(baseSide.value), priced(headSide.value));
    const gate = evaluateGate(diff, conditions);
    const text = RENDER[format](diff, gate);
    if (out === undefined) io.stdout(text);
    else writeFileAtomically(out, text, '--out');
    const failed = gate.filter((g) => g.reasons.length > 0);
    for (const g of failed) io.stderr(`superpod compare: --fail-on ${g.condition}: ${g.reasons.join('; ')}\n`);
    return failed.length > 0 ? ExitCode.findings : ExitCode.ok;
  },
});
