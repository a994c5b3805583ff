/**
 * Property: whatever spec comes in — random YAML, or a valid spec with random mutations — synth either writes a
 * complete output directory inside the requested one, or fails with our one-line input error and leaves nothing
 * behind. Shared by the CI test (fixed seed, bounded count) and `npm run fuzz` (long runs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { appFromSpecFile } from '../../src/app/spec-app.ts';
import { SuperpodInputError } from '../../src/errors.ts';

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

/** Runs one input through synth and checks the invariants; throws when one breaks. */
export function checkOneSpec(text: string, work: string, name: string): 'ok' | 'rejected' {
  const specFile = path.join(work, `${name}.yaml`);
  const outdir = path.join(work, `${name}-out`);
  fs.writeFileSync(specFile, text);
  const before = new Set(fs.readdirSync(work));
  try {
    appFromSpecFile(specFile, outdir).app.synth();
  } catch (error) {
    if (!SuperpodInputError.is(error)) throw new Error(`not an input error for:\n${text}\n${(error as Error).stack}`);
    if (error.message.includes('\n')) throw new Error(`multi-line error: ${error.message}`);
    const after = fs.readdirSync(work).filter((f) => !before.has(f));
    if (fs.existsSync(outdir) || after.length > 0) throw new Error(`left output behind: ${after.join(', ')}`);
    return 'rejected';
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
    }
  };
  walk(outdir);
  if (!files.some((f) => f.endsWith('cdk.tf.json'))) throw new Error('synth succeeded without cdk.tf.json');
  const stray = fs.readdirSync(work).filter((f) => !before.has(f) && f !== `${name}-out`);
  if (stray.length > 0) throw new Error(`synth wrote outside its output directory: ${stray.join(', ')}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  return 'ok';
}

export function runSpecFuzz(opts: { runs: number; seed: number }): { ok: number; rejected: number } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-fuzz-'));
  const counts = { ok: 0, rejected: 0 };
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
      { numRuns: opts.runs, seed: opts.seed },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return counts;
}
