/**
 * `npm run fuzz`: the fuzz properties for longer. FUZZ_RUNS (default 5000), FUZZ_SEED (default: the clock, printed
 * for replay), FUZZ_SECONDS (stop each property after that long: CI's time-boxed run).
 */
import { runSpecFuzz } from './spec-fuzz.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const seconds = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const limit = seconds ? `, at most ${seconds} s` : '';
console.log(`spec fuzz: ${runs} runs${limit}, seed ${seed} (replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs})`);
const started = process.hrtime.bigint();
const counts = runSpecFuzz({ runs, seed, ...(seconds ? { seconds } : {}) });
console.log(
  `done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s: ${counts.ok + counts.findings + counts.rejected} cases, ${counts.ok} synthesised, ${counts.findings} synthesised with check errors (exit 1), ${counts.rejected} rejected with input errors (exit 2)`,
);
