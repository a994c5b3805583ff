import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runInProcess } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-report-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// In this process, but for the default output folder, which needs its own working directory (test/e2e runs the binary).
describe('superpod report', () => {
  it('writes both reports of the reference stack into --out, replacing the old ones', async () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(path.join(out, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(out, 'reports/capacity.html'), 'old');
    const run = await runInProcess(['report', '--out', out, '--card-hour-price', '2.5']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^pd-slice: .*reports\/capacity\.html \(\d+\.\d\d MB\), .*reports\/capacity\.md, .*reports\/capacity\.json\n$/,
    );
    const page = fs.readFileSync(path.join(out, 'reports/capacity.html'), 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('Capacity review: pd-slice');
    expect(fs.readFileSync(path.join(out, 'reports/capacity.md'), 'utf8')).toContain('## Capacity review: pd-slice');
    expect(fs.readdirSync(path.join(out, 'reports')).sort()).toEqual(['capacity.html', 'capacity.json', 'capacity.md']);
    const capacity = JSON.parse(fs.readFileSync(path.join(out, 'reports/capacity.json'), 'utf8'));
    expect(capacity.services[0].costPerMillionOutputTokens).toBeCloseTo(
      2.5 * capacity.services[0].cardHoursPerMillionOutputTokens,
      3,
    );
  }, 60_000);

  it('prices the hardware alternatives per accelerator with --price; an option without a price stays not evaluated', async () => {
    const out = path.join(tmp, 'priced');
    const run = await runInProcess([
      'report',
      '--out',
      out,
      '--no-schedule',
      '--price',
      'b200=5.5',
      '--price',
      'h200-sxm=3.5',
    ]);
    expect(run.code).toBe(0);
    const capacity = JSON.parse(fs.readFileSync(path.join(out, 'reports/capacity.json'), 'utf8'));
    const byHardware = Object.fromEntries(
      capacity.services[0].alternatives.map((a: { hardware: string }) => [a.hardware, a]),
    );
    const b200 = byHardware.b200;
    expect(b200.costPerMillionOutputTokens.value).toBeCloseTo(5.5 * b200.cardHoursPerMillionOutputTokens.value, 3);
    expect(byHardware['h200-sxm'].costPerMillionOutputTokens).not.toBeNull();
    expect(byHardware.h20.costPerMillionOutputTokens).toBeNull();
    expect(byHardware['atlas-350 prefill + ascend-950dt decode'].costNote).toBe(
      'no price per accelerator-hour for atlas-350, ascend-950dt',
    );
  }, 60_000);

  it('writes under cdktf.out/stacks/<stack>/ by default', async () => {
    const cwd = path.join(tmp, 'default');
    fs.mkdirSync(cwd);
    const run = await runCli(['report', '--no-schedule'], { cwd });
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'cdktf.out/stacks/pd-slice/reports/capacity.html'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'cdktf.out/stacks/pd-slice/reports/capacity.md'))).toBe(true);
  }, 60_000);

  it.each([
    [['--bogus'], /unknown option/i],
    [['--app', 'a.ts', '-f', 'b.yaml'], /--app and -f are exclusive/],
    [['--card-hour-price=-1'], /--card-hour-price: expected a number of at least 0/],
    [['--out', ' '], /empty output directory/],
    [['--price', 'b200'], /--price: expected <accelerator id>=<number>/],
    [['--app', 'missing.ts'], /app file not found/],
  ])(
    'fails with exit code 2 and one line for %j',
    async (args, message) => {
      const run = await runInProcess(['report', ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
    60_000,
  );
});
