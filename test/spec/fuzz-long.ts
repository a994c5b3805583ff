/** `npm run fuzz`: the spec fuzz property for longer. FUZZ_RUNS (default 5000) and FUZZ_SEED (default: time). */
import { runSpecFuzz } from './spec-fuzz.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`spec fuzz: ${runs} runs, seed ${seed} (rerun with FUZZ_SEED=${seed})`);
const started = process.hrtime.bigint();
const counts = runSpecFuzz({ runs, seed });
console.log(
  `done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s: ${counts.ok} synthesised, ${counts.rejected} rejected with input errors`,
);
