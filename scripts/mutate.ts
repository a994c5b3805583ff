/**
 * Mutation testing with StrykerJS, one target (a folder or a group of files) at a time, each judged by the unit
 * tests that own it, with an incremental file per target so a re-run only tests mutants whose code or tests changed.
 *
 *   npm run mutate                                     # every target, then a table of scores
 *   npm run mutate -- units frag                       # some targets, by name
 *   npm run mutate -- --mutate 'src/units/format.ts'   # part of a target (the target whose folder holds the glob)
 *   npm run mutate -- units --concurrency 1            # fewer test-runner processes on a busy machine
 *   npm run mutate -- policies --force                 # every mutant again, the module-level ones included
 *
 * Prints each target's mutation score, (killed + timed out) / (all mutants that compile), and exits 1 when one is
 * below 80%. Reports land in reports/mutation/ (git-ignored, see README "Testing").
 */
import { performance } from 'node:perf_hooks';
import { Stryker } from '@stryker-mutator/core';

type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];

interface Target {
  readonly name: string;
  readonly mutate: readonly string[];
  /** the vitest files that own the target's behaviour; binary-driven e2e files never see a mutant */
  readonly tests: readonly string[];
}

export const TARGETS: readonly Target[] = [
  { name: 'units', mutate: ['src/units/**/*.ts'], tests: ['test/units/**/*.test.ts'] },
  {
    name: 'frag',
    mutate: ['src/scheduler/frag.ts'],
    tests: ['test/scheduler/frag.test.ts', 'test/scheduler/frag-classes.test.ts'],
  },
  {
    name: 'memory',
    mutate: ['src/perf/memory.ts'],
    tests: ['test/perf/memory-figures.test.ts', 'test/perf/precision-memory.test.ts'],
  },
  {
    name: 'placement',
    mutate: ['src/scheduler/placement/**/*.ts', 'src/scheduler/state.ts', 'src/scheduler/ascend.ts'],
    tests: [
      'test/scheduler/state.test.ts',
      'test/scheduler/placement.test.ts',
      'test/scheduler/ascend.test.ts',
      'test/scheduler/simulation.test.ts', // the cluster state's counters through placements and releases
      'test/scheduler/frag.test.ts',
      'test/scheduler/frag-classes.test.ts',
    ],
  },
  {
    name: 'spec',
    // types.ts is generated from the schema and holds no code; Stryker's `// @ts-nocheck` on it would fail the test
    // that keeps it current
    mutate: ['src/spec/**/*.ts', '!src/spec/types.ts'],
    // The spec fuzzers (fuzz.test.ts) are left out: a seeded random search whose kills depend on the draw, and two
    // thirds of the time of every mutant they cover; they still run in npm test and npm run fuzz.
    tests: [
      'test/spec/build-edges.test.ts',
      'test/spec/canonical.test.ts',
      'test/spec/counts.test.ts',
      'test/spec/non-defaults.test.ts',
      'test/spec/quantities.test.ts',
      'test/spec/quantity-locations.test.ts',
      'test/spec/recommendation.test.ts',
      'test/spec/schema-rules.test.ts',
      'test/spec/spec.test.ts',
      'test/spec/types.test.ts',
      'test/spec/validate-errors.test.ts',
    ],
  },
  { name: 'deploy', mutate: ['src/deploy/**/*.ts'], tests: ['test/deploy/**/*.test.ts'] },
  { name: 'k8s', mutate: ['src/k8s/**/*.ts'], tests: ['test/k8s/**/*.test.ts'] },
  { name: 'policy', mutate: ['src/policy/**/*.ts'], tests: ['test/policy/**/*.test.ts'] },
  { name: 'policies', mutate: ['policies/**/*.ts'], tests: ['test/policy/**/*.test.ts', 'test/facility/**/*.test.ts'] },
];

const THRESHOLD = 80;
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

interface Score {
  readonly name: string;
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly score: number;
  readonly minutes: number;
}

function scoreOf(name: string, results: readonly MutantResult[], minutes: number): Score {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const detected = results.filter((r) => DETECTED.has(r.status)).length;
  const undetected = results.filter((r) => UNDETECTED.has(r.status)).length;
  const valid = detected + undetected;
  return {
    name,
    mutants: valid,
    killed: detected,
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    score: valid === 0 ? 100 : (100 * detected) / valid,
    minutes,
  };
}

/** The folder part of a glob: `src/units/**\/*.ts` -> `src/units/`. */
const folderOf = (glob: string) => glob.slice(0, glob.search(/[*{]/) === -1 ? glob.length : glob.search(/[*{]/));

interface Options {
  readonly targets: Target[];
  readonly mutate?: string;
  readonly concurrency: number;
  /**
   * Test every mutant again. An incremental run re-tests a mutant when its code or the tests that cover it changed;
   * a module-level mutant (a value computed at import) has no per-test coverage, so new tests never trigger it.
   */
  readonly force: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let mutate: string | undefined;
  let concurrency = 2;
  let force = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--mutate') mutate = argv[++i];
    else if (arg === '--concurrency') concurrency = Number(argv[++i]);
    else if (arg === '--force') force = true;
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (mutate === undefined && argv.includes('--mutate')) fail('--mutate needs a glob');
  if (!Number.isInteger(concurrency) || concurrency < 1) fail('--concurrency needs a whole number of at least 1');
  for (const n of names)
    if (!TARGETS.some((t) => t.name === n)) fail(`unknown target ${n} (${TARGETS.map((t) => t.name).join(', ')})`);
  let targets = names.length > 0 ? TARGETS.filter((t) => names.includes(t.name)) : [...TARGETS];
  if (mutate !== undefined) {
    const glob = mutate;
    if (names.length === 0) targets = TARGETS.filter((t) => t.mutate.some((m) => glob.startsWith(folderOf(m))));
    if (targets.length !== 1) fail(`--mutate ${glob} matches ${targets.length} targets; name one before it`);
  }
  return { targets, ...(mutate !== undefined ? { mutate } : {}), concurrency, force };
}

function fail(message: string): never {
  process.stderr.write(`superpod mutate: ${message}\n`);
  process.exit(2);
}

async function run(target: Target, { mutate, concurrency, force }: Options): Promise<Score> {
  process.env.SUPERPOD_MUTATE_TESTS = target.tests.join(',');
  const started = performance.now();
  const results = await new Stryker({
    mutate: mutate === undefined ? [...target.mutate] : [mutate],
    concurrency,
    force,
    incrementalFile: `reports/mutation/${target.name}.incremental.json`,
    jsonReporter: { fileName: `reports/mutation/${target.name}.json` },
  }).runMutationTest();
  return scoreOf(target.name, results, (performance.now() - started) / 60_000);
}

const options = parseArgs(process.argv.slice(2));
const scores: Score[] = [];
for (const target of options.targets) scores.push(await run(target, options));
const rows = scores.map(
  (s) =>
    `${s.name.padEnd(10)} ${s.score.toFixed(1).padStart(6)}%  ${String(s.killed).padStart(5)} / ${String(s.mutants).padEnd(5)}` +
    `  survived ${String(s.survived).padStart(4)}  no coverage ${String(s.noCoverage).padStart(4)}  ${s.minutes.toFixed(1)} min` +
    (s.score < THRESHOLD ? `  below ${THRESHOLD}%` : ''),
);
process.stdout.write(`\ntarget      score   killed / valid\n${rows.join('\n')}\n`);
process.exitCode = scores.some((s) => s.score < THRESHOLD) ? 1 : 0;
