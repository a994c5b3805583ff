// Preloaded into benchmarked processes: writes their peak resident set size (KiB) to $SUPERPOD_BENCH_RSS_FILE on exit.
import fs from 'node:fs';

process.on('exit', () => {
  if (process.env.SUPERPOD_BENCH_RSS_FILE)
    fs.writeFileSync(process.env.SUPERPOD_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
