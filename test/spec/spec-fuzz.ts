/**
 * Property: whatever spec comes in — random YAML, or a valid spec with random mutations — synth ends in one of the
 * three legitimate outcomes: a complete output (exit 0); a complete output whose checks found errors (exit 1, a
 * ChecksFailedError); or our one-line input error with nothing left behind (exit 2). A crash (any other error), a
 * multi-line message, a partial output or a write outside the output folder breaks it. Shared by the CI test (fixed
 * seed, bounded count) and `npm run fuzz` (long runs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { appFromSpecFile } from '../../src/app/spec-app.ts';
import { ChecksFailedError, SuperpodInputError } from '../../src/errors.ts';

export const baseSpec = {
  apiVersion: 'superpod.dev/v1alpha1',
  kind: 'ClusterSpec',
  metadata: { name: 'fuzz' },
  kubernetes: { scheduler: 'volcano' },
  superPods: [
    {
      name: 'pod-a',
      pue: 1.2,
      suppressions: [{ rule: 'POWER-002', reason: 'accepted for the fuzz test' }],
      racks: [
        {
          name: 'rack-{i}',
          count: 2,
          height: 48,
          reserved: 8,
          power: { busbar: { voltage: '800 V', current: '150 A', redundancy: 'a-b' } },
          cooling: { directLiquid: { liquidCapacity: '90 kW', airCapacity: '20 kW', coolantClass: 'W32' } },
          nodes: [
            {
              name: 'dt-{i}',
              count: 3,
              type: 'ascend-950dt-node',
              role: 'decode',
              acceleratorPower: '900 W',
              hostPower: '1.6 kW',
              height: 4,
            },
          ],
        },
        {
          name: 'prefill',
          power: { shelvesNPlusOne: { count: 4, rating: '33 kW' } },
          cooling: { air: { capacity: '40 kW' } },
          nodes: [
            {
              name: 'pr-{i}',
              count: 2,
              type: 'atlas-350-server',
              acceleratorCount: 8,
              height: 4,
              labels: { team: 'infer' },
            },
          ],
        },
      ],
    },
  ],
  workloads: [
    {
      kind: 'TrainingJob',
      name: 'sft',
      pool: 'ascend-950dt-node-decode',
      replicas: 2,
      raBlock: 16,
      container: { image: 'registry.example.com/train:1', memory: '512 GiB' },
    },
  ],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON tree. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const nasty = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    '..',
    '/abs/path',
    'a/b',
    '{i}',
    '-1 W',
    '1e400 W',
    'NaN A',
    '',
    ' ',
    '0',
    '-0',
    'null',
  ),
  fc.constantFrom(0, -1, 1e9, Number.MAX_SAFE_INTEGER, 0.5, -400, 65, 100000, 2 ** 31),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 12 }),
);

const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'duplicate', 'rename'),
  value: nasty,
});

function mutate(spec: Json, mutations: Array<{ at: number; op: string; value: unknown }>): Json {
  const copy = structuredClone(spec);
  for (const m of mutations) {
    const all = paths(copy).filter((p) => p.length > 0);
    const target = all[m.at % all.length]!;
    const parent = target
      .slice(0, -1)
      .reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, copy) as Record<
      string | number,
      Json
    >;
    const key = target[target.length - 1]!;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (m.op === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]!));
    else if (m.op === 'rename' && !Array.isArray(parent)) {
      parent[`${String(key)}x`] = parent[key]!;
      delete parent[key];
    } else parent[key] = m.value as Json;
  }
  return copy;
}

export type FuzzOutcome = 'ok' | 'findings' | 'rejected';

/** Runs one input through synth and checks the invariants; throws when one breaks. */
export function checkOneSpec(
  text: string,
  work: string,
  name: string,
  inspect?: (stackDir: string) => void,
): FuzzOutcome {
  const specFile = path.join(work, `${name}.yaml`);
  const outdir = path.join(work, `${name}-out`);
  fs.writeFileSync(specFile, text);
  const before = new Set(fs.readdirSync(work));
  let outcome: FuzzOutcome = 'ok';
  try {
    appFromSpecFile(specFile, outdir).app.synth();
  } catch (error) {
    if (ChecksFailedError.is(error)) {
      // The checks found errors: the output is written all the same (for CI to upload), and synth exits 1.
      if (error.findings.length === 0 || error.findings.some((f) => f.includes('\n')))
        throw new Error(`findings are not one line each:\n${error.message}`);
      outcome = 'findings';
    } else if (SuperpodInputError.is(error)) {
      if (error.message.includes('\n')) throw new Error(`multi-line error: ${error.message}`);
      const after = fs.readdirSync(work).filter((f) => !before.has(f));
      if (fs.existsSync(outdir) || after.length > 0) throw new Error(`left output behind: ${after.join(', ')}`);
      return 'rejected';
    } else throw new Error(`not an input error for:\n${text}\n${(error as Error).stack}`);
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
    }
  };
  walk(outdir);
  for (const required of ['cdk.tf.json', 'reports/policy.sarif', 'reports/capacity.html']) {
    if (!files.some((f) => f.endsWith(required))) throw new Error(`${outcome} output without ${required}`);
  }
  const stray = fs.readdirSync(work).filter((f) => !before.has(f) && f !== `${name}-out`);
  if (stray.length > 0) throw new Error(`synth wrote outside its output directory: ${stray.join(', ')}`);
  inspect?.(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return outcome;
}

/**
 * A spec that stays valid: the base spec with its names, counts, powers and redundancy redrawn within what the
 * schema and the rack space allow (a 48U rack with 8U reserved holds ten 4U nodes). Each must synthesise, and its
 * output must hold exactly the nodes the parameters describe — the names are worked out here, not read from synth.
 */
const soundSpec = fc
  .record({
    pod: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
    racks: fc.integer({ min: 1, max: 3 }),
    perRack: fc.integer({ min: 1, max: 10 }),
    prefill: fc.integer({ min: 1, max: 4 }),
    acceleratorW: fc.integer({ min: 500, max: 1000 }),
    redundancy: fc.constantFrom('a-b', 'none'),
    training: fc.boolean(),
  })
  .map((p) => {
    const { workloads, ...rest } = structuredClone(baseSpec);
    const spec = p.training ? { ...rest, workloads } : rest;
    const pod = spec.superPods[0]!;
    pod.name = p.pod;
    const [decode, prefill] = pod.racks as [(typeof pod.racks)[0], (typeof pod.racks)[1]];
    decode.count = p.racks;
    decode.power.busbar!.redundancy = p.redundancy;
    decode.nodes[0]!.count = p.perRack;
    (decode.nodes[0] as { acceleratorPower: string }).acceleratorPower = `${p.acceleratorW} W`;
    prefill.nodes[0]!.count = p.prefill;
    const nodes = [
      ...Array.from({ length: p.racks }, (_, r) =>
        Array.from({ length: p.perRack }, (_, n) => `${p.pod}-rack-${r}-dt-${n}`),
      ).flat(),
      ...Array.from({ length: p.prefill }, (_, n) => `${p.pod}-prefill-pr-${n}`),
    ];
    return { text: stringify(spec), nodes };
  });

/** The node names a synthesised spec labelled (node_labels.json of its stack), sorted. */
function labelledNodes(outdir: string): string[] {
  const file = path.join(outdir, 'stacks', 'fuzz', 'node_labels.json');
  return Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>).sort();
}

/**
 * `sound`: how many of the valid specs (`soundRuns` of them) synthesised with the nodes they describe; a valid spec
 * that is rejected, or whose output lacks a node, breaks the property.
 */
export function runSoundSpecFuzz(opts: { runs: number; seed: number }): { sound: number } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-fuzz-sound-'));
  let sound = 0;
  let n = 0;
  try {
    fc.assert(
      fc.property(soundSpec, ({ text, nodes }) => {
        const outcome = checkOneSpec(text, work, `sound-${n++}`, (outdir) => {
          const labelled = labelledNodes(outdir);
          if (JSON.stringify(labelled) !== JSON.stringify([...nodes].sort()))
            throw new Error(`synth labelled ${labelled.join(', ')}; the spec describes ${nodes.join(', ')}`);
        });
        if (outcome === 'rejected') throw new Error(`a valid spec was rejected:\n${text}`);
        sound++;
      }),
      { numRuns: opts.runs, seed: opts.seed },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { sound };
}

/** `seconds`: stop after that long (the runs done so far count; CI's time-boxed fuzz), else after `runs`. */
export function runSpecFuzz(opts: { runs: number; seed: number; seconds?: number }): Record<FuzzOutcome, number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-fuzz-'));
  const counts: Record<FuzzOutcome, number> = { ok: 0, findings: 0, rejected: 0 };
  let n = 0;
  try {
    const mutated = fc
      .array(mutation, { minLength: 1, maxLength: 4 })
      .map((ms) => stringify(mutate(baseSpec as unknown as Json, ms)));
    const rawText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
    );
    fc.assert(
      fc.property(fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: rawText, weight: 1 }), (text) => {
        counts[checkOneSpec(text, work, `case-${n++}`)]++;
      }),
      {
        numRuns: opts.runs,
        seed: opts.seed,
        ...(opts.seconds ? { interruptAfterTimeLimit: opts.seconds * 1000, markInterruptAsFailure: false } : {}),
      },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return counts;
}
