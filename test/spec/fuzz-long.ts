/**
 * `npm run fuzz`: the fuzz properties for longer: specs (FUZZ_RUNS cases), command lines (a tenth as many) and
 * TypeScript stacks (a fiftieth). FUZZ_RUNS (default 5000), FUZZ_SEED (default: the clock, printed for replay),
 * FUZZ_SECONDS (the whole run's time box, shared 3:2:1 by the three; CI's time-boxed run).
 */
import { runCliFuzz, runStackFuzz } from '../e2e/cli-fuzz.ts';
import { runSpecFuzz } from './spec-fuzz.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const seconds = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const box = (share: number) => (seconds ? { seconds: (seconds * share) / 6 } : {});
console.log(
  `fuzz: seed ${seed}, ${runs} spec runs${seconds ? `, at most ${seconds} s` : ''} (replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs})`,
);

async function timed(name: string, run: () => Promise<Record<string, number>> | Record<string, number>) {
  const started = process.hrtime.bigint();
  const counts = await run();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  console.log(
    `${name}: ${total} cases in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s (${parts})`,
  );
}

// ok: exit 0; findings: exit 1 (check errors, differences); rejected: exit 2 with one input error.
await timed('specs', () => runSpecFuzz({ runs, seed, ...box(3) }));
await timed('command lines', () => runCliFuzz({ runs: Math.max(1, Math.round(runs / 10)), seed, ...box(2) }));
await timed('TypeScript stacks', () => runStackFuzz({ runs: Math.max(1, Math.round(runs / 50)), seed, ...box(1) }));
