/**
 * Properties over the command line and over stacks written in TypeScript: whatever flags and values come in, and
 * whatever a stack file holds, a command ends with exit 0, exit 1 (findings or differences) or exit 2 with one
 * `error:` line; never "internal error", never a stack trace, never a partial output, never a file written outside
 * the folder it was given. Shared by the CI test (fixed seed, few runs) and `npm run fuzz`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { cli } from '../deploy/helpers.ts';
import { srcIndex } from '../helpers/cli.ts';

export type CliOutcome = 'ok' | 'findings' | 'rejected';

type Captured = Awaited<ReturnType<typeof cli>>;

/** The oracle every case passes: a legitimate exit code and, for exit 2, one line that is our input error. */
function judge(argv: string[], run: Captured): CliOutcome {
  const where = `superpod ${argv.join(' ')}`;
  if (/internal error|\n\s+at /.test(run.stderr)) throw new Error(`${where}: crashed:\n${run.stderr}`);
  if (run.code === 2) {
    const lines = run.stderr.trimEnd().split('\n');
    const errors = lines.filter((l) => !l.startsWith('warning: '));
    if (errors.length !== 1 || !/^(error: |superpod: )/.test(errors[0]!))
      throw new Error(`${where}: exit 2 without one error line:\n${run.stderr}`);
    return 'rejected';
  }
  if (run.code === 1) return 'findings';
  if (run.code === 0) return 'ok';
  throw new Error(`${where}: exit ${run.code}:\n${run.stderr}`);
}

const nasty = fc.oneof(
  fc.constantFrom('', ' ', '-1', '0', '1', '1e400', 'NaN', '0.5', '4096', '99999999999', '--', '-', 'all'),
  fc.constantFrom('ascend-950dt', 'atlas-350', 'llama-3.1-70b', 'deepseek-v3', 'mxfp4', 'bf16', 'sarif', 'json'),
  fc.constantFrom('../escape', '/proc/x', 'missing.yaml', 'dir', 'file.txt/out', 'spec.yaml', 'stack.ts'),
  fc.string({ maxLength: 10 }),
);

/** What a user would pass to a flag; `true` marks a boolean flag (no value). */
const sensible: Record<string, readonly string[] | true> = {
  accelerator: ['atlas-350', 'ascend-950dt', 'h100-sxm'],
  model: ['llama-3.1-8b', 'llama-3.1-70b'],
  precision: ['bf16', 'fp8'],
  tp: ['1', '2', '8'],
  pp: ['1', '2'],
  ep: ['1'],
  dp: ['1', '2'],
  batch: ['1', '8', '64'],
  'input-tokens': ['128', '1024'],
  'output-tokens': ['64', '256'],
  'requests-per-second': ['1', '20'],
  'ttft-ms': ['500', '2000'],
  'tpot-ms': ['50', '100'],
  'tdp-w': ['600', 'atlas-350=600'],
  json: true,
  policy: ['superpod', 'fgd', 'best-fit'],
  seed: ['1', '42'],
  seeds: ['1', '2'],
  'until-demand': ['50', '100'],
  mode: ['experiment', 'events'],
  synthetic: ['20'],
  format: ['sarif', 'json', 'junit', 'text'],
  'fail-on': ['error', 'warning'],
  out: ['out', 'dir/out'],
  'card-hour-price': ['2.5'],
  'no-schedule': true,
  'dry-run': ['server', 'client'],
  stage: ['platform', 'workloads'],
};

/** A flag and its value: mostly what a user would pass, sometimes anything. */
const flagValue = (flag: string): fc.Arbitrary<string[]> => {
  const good = sensible[flag];
  if (good === undefined) return nasty.map((value) => [`--${flag}`, value]);
  const usual: fc.Arbitrary<string[]> =
    good === true ? fc.constant([`--${flag}`]) : fc.constantFrom(...good).map((v) => [`--${flag}`, v]);
  return fc.oneof({ arbitrary: usual, weight: 3 }, { arbitrary: nasty.map((v) => [`--${flag}`, v]), weight: 1 });
};

/** Commands and their flags; cheap commands weigh more, so a long run covers many cases. */
/** `required`: flags the command cannot run without, passed (with a usual value) in most cases. */
const commands: Array<{
  argv: string[];
  flags: string[];
  weight: number;
  positional?: readonly string[];
  required?: readonly string[];
}> = [
  {
    argv: ['perf'],
    flags: [
      'accelerator',
      'model',
      'precision',
      'tp',
      'pp',
      'ep',
      'dp',
      'batch',
      'input-tokens',
      'output-tokens',
      'tdp-w',
    ],
    weight: 6,
  },
  {
    argv: ['plan'],
    flags: [
      'model',
      'requests-per-second',
      'input-tokens',
      'output-tokens',
      'ttft-ms',
      'tpot-ms',
      'accelerator',
      'tdp-w',
    ],
    weight: 2,
  },
  { argv: ['catalog', 'show'], flags: ['json'], weight: 3, positional: ['atlas-350', 'llama-3.1-70b'] },
  { argv: ['catalog', 'list'], flags: ['json'], weight: 2, positional: ['accelerators', 'models'] },
  { argv: ['simulate'], flags: ['policy', 'seed', 'seeds', 'until-demand', 'mode', 'synthetic', 'nodes'], weight: 1 },
  { argv: ['check'], flags: ['format', 'fail-on', 'config', 'out', 'file', 'stack'], weight: 1 },
  { argv: ['spec'], flags: ['out', 'app', 'json'], weight: 1, positional: ['schema', 'init', 'export'] },
  { argv: ['report'], flags: ['out', 'file', 'card-hour-price', 'no-schedule'], weight: 1 },
  { argv: ['synth'], flags: ['out', 'file', 'json'], weight: 1 },
  { argv: ['diff'], flags: ['kubeconfig', 'stage', 'request-timeout'], weight: 1 },
  { argv: ['apply'], flags: ['kubeconfig', 'dry-run', 'stage'], weight: 1 },
];

const argvArbitrary = fc.oneof(
  ...commands.map((c) =>
    fc
      .record({
        argv: fc.constant(c.argv),
        positional: fc.oneof(
          { arbitrary: fc.constant(undefined), weight: c.positional ? 1 : 4 },
          ...(c.positional ? [{ arbitrary: fc.constantFrom(...c.positional), weight: 3 }] : []),
          { arbitrary: nasty, weight: 1 },
        ),
        required: fc.tuple(
          ...(c.required ?? []).map((flag) =>
            fc.oneof({ arbitrary: flagValue(flag), weight: 6 }, { arbitrary: fc.constant<string[]>([]), weight: 1 }),
          ),
        ),
        // A long --timeout never fires here: the watchdog is not what this property tests.
        flags: fc.array(
          fc
            .oneof(
              { arbitrary: fc.constantFrom(...c.flags), weight: 8 },
              { arbitrary: fc.constantFrom('timeout', 'bogus'), weight: 1 },
            )
            .chain((flag) => (flag === 'timeout' ? fc.constant<string[]>(['--timeout', '600']) : flagValue(flag))),
          { maxLength: 5 },
        ),
      })
      .map(({ argv, positional, required, flags }) => [
        ...argv,
        ...(positional === undefined ? [] : [positional]),
        ...required.flat(),
        ...flags.flat(),
      ]),
  ),
);

/** A small stack file; values and one optional character deletion come from the fuzzer. */
function stackText(values: { cards: unknown; power: unknown; id: string; count: number }, cut?: number): string {
  const text = `import { App, Ascend950DTNode, Atlas350Server, Cooling, Current, Power, Rack800VDC, RackPower, RackUnits, SuperPod, SuperPodStack, Voltage } from ${JSON.stringify(srcIndex)};
const app = new App();
const stack = new SuperPodStack(app, 'fuzz');
const rack = new Rack800VDC(new SuperPod(stack, 'pod-a'), ${JSON.stringify(values.id)}, {
  power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }),
  cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
});
new Atlas350Server(rack, 'pr-0', { cards: ${JSON.stringify(values.cards)}, height: RackUnits.of(4), hostPower: Power.kilowatts(2) });
for (let i = 0; i < ${values.count}; i++) new Ascend950DTNode(rack, \`dt-\${i}\`, { acceleratorPower: Power.watts(${JSON.stringify(values.power)}), height: RackUnits.of(4), hostPower: Power.kilowatts(2) });
app.synth();
`;
  if (cut === undefined) return text;
  const at = cut % text.length;
  return text.slice(0, at) + text.slice(at + 1);
}

/** Mostly values a stack would hold, so a good share synthesises; the rest and an optional cut are hostile. */
const stackArbitrary = fc.record({
  cards: fc.oneof(
    { arbitrary: fc.constantFrom(4, 8), weight: 4 },
    { arbitrary: fc.constantFrom(1, 9, 0, -1, 2.5), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  ),
  power: fc.oneof(
    { arbitrary: fc.constantFrom(600, 900), weight: 4 },
    { arbitrary: fc.constantFrom(0, -900, 1e9), weight: 1 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  ),
  id: fc.oneof(
    { arbitrary: fc.constantFrom('rack-01', 'rack-02'), weight: 4 },
    { arbitrary: fc.constantFrom('Rack_01', '', 'a/b', '..'), weight: 1 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  ),
  count: fc.nat({ max: 12 }),
  cut: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.nat(), weight: 1 }),
});

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

export async function runCliFuzz(opts: {
  runs: number;
  seed: number;
  seconds?: number;
}): Promise<Record<CliOutcome, number>> {
  // The runs happen in `work/cwd`; `work` itself is the "outside" a run may only touch when a flag names `../escape`.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-cli-fuzz-'));
  const here = path.join(work, 'cwd');
  const cwd = process.cwd();
  const counts: Record<CliOutcome, number> = { ok: 0, findings: 0, rejected: 0 };
  try {
    fs.mkdirSync(here);
    process.chdir(here);
    fs.writeFileSync('file.txt', 'a file\n');
    fs.mkdirSync('dir');
    fs.writeFileSync('spec.yaml', 'apiVersion: superpod.dev/v1alpha1\nkind: ClusterSpec\n');
    await fc.assert(
      fc.asyncProperty(argvArbitrary, async (argv) => {
        const before = listing(here);
        const outcome = judge(argv, await cli(argv));
        counts[outcome]++;
        // Only what the flags named may appear; remove it for the next case.
        for (const entry of listing(here)) if (!before.includes(entry)) fs.rmSync(entry, { recursive: true });
        for (const entry of listing(work)) {
          if (entry === 'cwd') continue;
          fs.rmSync(path.join(work, entry), { recursive: true });
          if (!(entry === 'escape' && argv.some((arg) => arg.includes('../escape'))))
            throw new Error(`superpod ${argv.join(' ')} wrote ${entry} outside its folder`);
        }
      }),
      timeBox(opts),
    );
  } finally {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  }
  return counts;
}

export async function runStackFuzz(opts: {
  runs: number;
  seed: number;
  seconds?: number;
}): Promise<Record<CliOutcome, number>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-stack-fuzz-'));
  const counts: Record<CliOutcome, number> = { ok: 0, findings: 0, rejected: 0 };
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(stackArbitrary, async ({ cut, ...values }) => {
        const dir = path.join(work, `case-${n++}`);
        fs.mkdirSync(dir);
        const file = path.join(dir, 'stack.ts');
        fs.writeFileSync(file, stackText(values, cut));
        const out = path.join(dir, 'out');
        const argv = ['synth', '--app', file, '--out', out];
        const outcome = judge(argv, await cli(argv));
        counts[outcome]++;
        // any stack: a cut can shorten the stack id itself ('fuzz' -> 'uzz') and still leave a valid program
        const stacks = path.join(out, 'stacks');
        const complete =
          fs.existsSync(stacks) &&
          fs.readdirSync(stacks).some((s) => fs.existsSync(path.join(stacks, s, 'cdk.tf.json')));
        if (outcome === 'rejected' ? fs.existsSync(out) : !complete)
          throw new Error(
            `synth --app (exit ${outcome}) left a partial or missing output for:\n${stackText(values, cut)}`,
          );
        const stray = listing(dir).filter((e) => e !== 'stack.ts' && e !== 'out');
        if (stray.length > 0) throw new Error(`synth wrote outside its output folder: ${stray.join(', ')}`);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      timeBox(opts),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return counts;
}

function timeBox(opts: { runs: number; seed: number; seconds?: number }) {
  return {
    numRuns: opts.runs,
    seed: opts.seed,
    ...(opts.seconds ? { interruptAfterTimeLimit: opts.seconds * 1000, markInterruptAsFailure: false } : {}),
  };
}
