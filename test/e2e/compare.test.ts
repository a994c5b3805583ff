import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readCapacityFile } from '../../src/capacity/index.ts';
import { repoRoot, runCli, spawnCli, until } from '../helpers/cli.ts';

const fixtures = path.join(repoRoot, 'test/compare/fixtures');
const BASE = path.join(fixtures, 'reference-base.yaml');
const HEAD = path.join(fixtures, 'reference-head.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-compare-e2e-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The head with a TPOT objective the model cannot meet: the SLO verdict flips and SLO-002 is new. */
const TIGHT = path.join(tmp, 'tight.yaml');
const out = (name: string) => path.join(tmp, name);

beforeAll(async () => {
  fs.writeFileSync(
    TIGHT,
    fs.readFileSync(HEAD, 'utf8').replace('timePerOutputToken: 50 ms', 'timePerOutputToken: 10 ms'),
  );
  const runs = await Promise.all([
    runCli(['synth', '-f', BASE, '--out', out('base')]),
    runCli(['synth', '-f', TIGHT, '--out', out('tight')]),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 1]);
}, 180_000);

describe('superpod compare', () => {
  it('comments a decode rack added and DeepSeek-V3 weights in MXFP4, synthesising both specs (issue 15)', async () => {
    const run = await runCli(['compare', BASE, HEAD, '--fail-on', 'slo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md.startsWith('<!-- superpod-compare -->\n## Capacity change: `pd-slice`')).toBe(true);
    expect(md).toContain('**+64 NPUs (352 -> 416)**');
    expect(md).toContain('| IT load (nameplate) | 385.3 kW | 455.7 kW | +70.4 kW | +18.3% |');
    expect(md).toContain('| facility power (IT x PUE) | 443.1 kW | 524.0 kW | +81.0 kW | +18.3% |');
    expect(md).toContain('| liquid heat | 225.3 kW | 281.6 kW | +56.3 kW | +25.0% |');
    expect(md).toContain('| air heat | 160.0 kW | 174.1 kW | +14.1 kW | +8.8% |');
    expect(md).toMatch(
      /\| `deepseek-v3` \| meets \| [\d.]+ ms \(.*\) \| 16\.1 ms \(-3\.70 ms, -18\.6%\) \|.*\| unknown · 3\.04 card-hours \(unchanged\) \|/,
    );
    expect(md).toContain('- `deepseek-v3` weights precision: fp8 → mxfp4');
    expect(md).toContain('- added 1 rack: `pod-a/decode-rack-4`');
    expect(md).toContain('0 new, 0 fixed, 0 newly suppressed (errors 0 → 0, warnings 0 → 0).');
    expect(md).toContain('- passed `slo`');
  }, 180_000);

  it('exits 1 on --fail-on slo when the head misses an SLO the base met, and shows the new finding', async () => {
    const run = await runCli(['compare', out('base'), out('tight'), '--fail-on', 'slo', '--fail-on', 'new-errors']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^superpod compare: --fail-on slo: deepseek-v3: met its SLO, now misses it/m);
    expect(run.stderr).toMatch(/^superpod compare: --fail-on new-errors: error SLO-002 deepseek-v3: predicted TPOT/m);
    expect(run.stdout).toContain('### SLO verdicts that flipped');
    expect(run.stdout).toMatch(
      /\| `deepseek-v3` \| meets \| \*\*misses\*\* \| .* \| 19\.8 ms → 16\.1 ms \(10\.0 ms\) \|/,
    );
    expect(run.stdout).toMatch(/\| new \| error \| SLO-002 \| `deepseek-v3` \|/);
    expect(run.stdout).toContain('- **failed** `slo`');
  }, 60_000);

  it('says "no capacity change" and exits 0 for identical inputs, in every format', async () => {
    const report = path.join(out('base'), 'stacks/pd-slice/reports/capacity.json');
    for (const format of ['markdown', 'text', 'json']) {
      const run = await runCli([
        'compare',
        out('base'),
        report,
        '--format',
        format,
        '--fail-on',
        'slo,new-errors,power>0%',
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(format === 'json' ? '"changed": false' : 'no capacity change');
    }
  }, 60_000);

  it('writes the comparison as JSON with every figure to --out', async () => {
    const file = path.join(tmp, 'compare.json');
    const run = await runCli([
      'compare',
      out('base'),
      out('tight'),
      '--format',
      'json',
      '--out',
      file,
      '--card-hour-price',
      '2.5',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.kind).toBe('CapacityComparison');
    expect(json.price.head).toEqual({ basis: 'card-hour-price', cardHourPrice: 2.5 });
    expect(json.serviceSummaries[0].head.costPerMillionOutputTokens).toBeCloseTo(
      2.5 * json.serviceSummaries[0].head.cardHoursPerMillionOutputTokens,
      4,
    );
    expect(json.figures.find((f: { figure: string }) => f.figure === 'npus')).toMatchObject({ base: 352, head: 416 });
  }, 60_000);

  it.each([
    [[], /expected two inputs, <base> and <head> \(got 0\)/],
    [['a.json'], /expected two inputs/],
    [['--base-ref', 'HEAD', 'a.yaml', 'b.yaml'], /with --base-ref expected one input/],
    [['x', 'y', '--format', 'html'], /--format: unknown format \(got "html"\)/],
    [['x', 'y', '--fail-on', 'latency>5%'], /unknown metric "latency"/],
    [['x', 'y', '--card-hour-price=-1'], /--card-hour-price: expected a number of at least 0 \(got "-1"\)/],
    [
      ['missing.json', 'also-missing.json'],
      /^error: base missing\.json: no such file or folder; pass a capacity\.json/,
    ],
    [
      ['package.json', 'package.json'],
      /^error: base package\.json: synth failed: package\.json:2:3: unknown field "name"/,
    ],
  ])(
    'fails with exit 2 on bad arguments %j',
    async (args, message) => {
      const run = await runCli(['compare', ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
    60_000,
  );

  it('fails with exit 2 when --base-ref is not a revision, and leaves no worktree behind', async () => {
    const repo = fixtureRepo('bad-ref');
    const run = await runCli(['compare', '--base-ref', 'no-such-branch', 'cluster.yaml'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--base-ref: not a revision of this repository \(got "no-such-branch"\)/);
    expect(git(repo, ['worktree', 'list']).trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('marks the changed figures and the added nodes on the capacity page (report --compare)', async () => {
    const dir = out('report');
    const run = await runCli([
      'report',
      '-f',
      HEAD,
      '--compare',
      out('base'),
      '--out',
      dir,
      '--no-schedule',
      '--card-hour-price',
      '2',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // capacity.md, the pull-request comment, has the same changes with their deltas.
    const md = fs.readFileSync(path.join(dir, 'reports/capacity.md'), 'utf8');
    expect(md).toContain('### Changes since the base');
    expect(md).toMatch(/Compared with `.*base`: \*\*\+64 NPUs \(352 -&gt; 416\), IT load \+70\.4 kW \(\+18\.3%\)/);
    expect(md).toContain('| NPUs | 352 | 416 | +64 | +18.2% |');
    expect(md).toMatch(/\| deepseek-v3: TPOT \| 19\.8 ms \| 16\.1 ms \| -3\.70 ms \| -18\.6% \|/);
    expect(md).toContain('- Racks added: pod-a/decode-rack-4.');
    expect(md).toContain('- Nodes added: 8, removed: 0 (marked on the rack elevations).');
    // The base is priced at the review's price too: the costs compare on one basis.
    expect(md).toContain('- Cost per million output tokens at 2 per card-hour.');
    const page = fs.readFileSync(path.join(dir, 'reports/capacity.html'), 'utf8');
    expect(page).toContain('<section id="comparison"><h2>Changes since the base</h2>');
    expect(page).toContain('<div class="d">+64 vs base</div>');
    expect(page.match(/<g class="node-added"/g)).toHaveLength(8);
    expect(page).toMatch(
      /data-rack="pod-a\/decode-rack-4">\n<figcaption><strong>decode-rack-4<\/strong> .*<span class="badge ok">added<\/span>/,
    );
    // The other way round, the rack's nodes are removed: dashed outlines where they stood.
    const back = await runCli([
      'report',
      '-f',
      BASE,
      '--compare',
      path.join(dir, 'reports/capacity.json'),
      '--out',
      out('report-back'),
      '--no-schedule',
    ]);
    expect(back.code).toBe(0);
    const before = fs.readFileSync(path.join(out('report-back'), 'reports/capacity.html'), 'utf8');
    expect(before).toContain('racks removed: pod-a/decode-rack-4');
  }, 120_000);
});

describe('superpod compare --base-ref, interrupted', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`fails when ${signal} arrives while the base synthesises, and leaves no worktree or temporary folder`, async () => {
      const repo = fixtureRepo(`interrupted-${signal}`);
      // The run's own temporary folder, to see what it leaves there (tsx keeps its cache in it too).
      const temp = fs.mkdtempSync(path.join(tmp, `tmpdir-${signal}-`));
      const { child, done } = spawnCli(['compare', '--base-ref', 'HEAD~1', 'cluster.yaml'], {
        cwd: repo,
        env: { TMPDIR: temp },
      });
      const worktrees = () => git(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)?.length ?? 0;
      // The worktree exists from its checkout until the base's synth ends: the run is midway.
      await until('the base worktree', () => worktrees() === 2);
      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `superpod compare: ${signal} received: stopping the synths and removing their temporary folders and git worktree (send it again to stop now)\n` +
          'superpod compare: interrupted; nothing was compared, and no temporary folder or worktree is left\n',
      );
      expect(worktrees()).toBe(1);
      expect(fs.readdirSync(temp).filter((f) => f.startsWith('superpod-'))).toEqual([]);
      expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'cluster.yaml']);
      expect(git(repo, ['status', '--porcelain'])).toBe('');
    }, 120_000);
  }
});

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'superpod test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'superpod test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/** Two commits of cluster.yaml in a new git repository: the reference slice, then a decode rack added and the
 * served model changed. */
function fixtureRepo(name: string): string {
  const repo = path.join(tmp, name);
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch', 'main']);
  fs.writeFileSync(path.join(repo, 'cluster.yaml'), fs.readFileSync(BASE, 'utf8'));
  git(repo, ['add', 'cluster.yaml']);
  git(repo, ['commit', '--quiet', '-m', 'reference slice']);
  // The first `count: 4` is the decode racks'.
  const head = fs
    .readFileSync(BASE, 'utf8')
    .replace('count: 4', 'count: 5')
    .replace(/^ {4}model: deepseek-v3$/m, '    model: qwen3-235b-a22b');
  fs.writeFileSync(path.join(repo, 'cluster.yaml'), head);
  git(repo, ['commit', '--quiet', '-am', 'a fifth decode rack; serve Qwen3-235B-A22B']);
  return repo;
}

/** The `npx superpod ...` commands of a CI example, with its variables set and quotes removed. */
function ciCommands(file: string, vars: Record<string, string>): string[][] {
  const doc = YAML.parse(fs.readFileSync(path.join(repoRoot, 'examples/ci', file), 'utf8'));
  const lines: string[] = file.startsWith('github')
    ? doc.jobs.capacity.steps.flatMap((s: { run?: string }) => (s.run ?? '').split('\n'))
    : doc.superpod.script;
  return lines
    .map((l) => l.trim())
    .filter((l) => l.startsWith('npx superpod '))
    .map((l) =>
      [...l.slice('npx superpod '.length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) =>
        (m[1] ?? m[2]!).replace(/\$([A-Z_]+)/g, (_, v: string) => vars[v] ?? `$${v}`),
      ),
    );
}

describe('the CI examples', () => {
  const vars = { SPEC: 'cluster.yaml', BASE_REF: 'HEAD~1' };

  it('run the same superpod commands on GitHub Actions and on GitLab', () => {
    const github = ciCommands('github-actions.yml', vars);
    expect(github.map((c) => c[0])).toEqual(['synth', 'check', 'compare']);
    expect(ciCommands('gitlab-ci.yml', vars)).toEqual(github);
  });

  it('synthesise, check, write SARIF and comment the capacity change of a fixture repository', async () => {
    const repo = fixtureRepo('ci');
    const commands = ciCommands('github-actions.yml', vars);
    for (const args of commands) {
      const run = await runCli(args, { cwd: repo });
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
    expect(readCapacityFile(path.join(repo, 'cdktf.out/stacks/pd-slice/reports/capacity.json')).totals.npus).toBe(416);
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'policy.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const comment = fs.readFileSync(path.join(repo, 'capacity-comment.md'), 'utf8');
    expect(comment.startsWith('<!-- superpod-compare -->')).toBe(true);
    expect(comment).toContain('**+64 NPUs (352 -> 416)**');
    expect(comment).toContain('- added 1 rack: `pod-a/decode-rack-4`');
    expect(comment).toContain('- `deepseek-v3` model: deepseek-v3 → qwen3-235b-a22b');
    expect(comment).toMatch(/\| deepseek-v3: TPOT \| 19\.8 ms \| [\d.]+ ms \| [-+][\d.]+ ms \| [-+][\d.]+% \|/);
    expect(comment).toContain('- passed `new-errors`');
    expect(comment).toContain('- passed `slo`');
    // The temporary worktree of the base is gone.
    expect(git(repo, ['worktree', 'list']).trim().split('\n')).toHaveLength(1);
    expect(git(repo, ['status', '--porcelain'])).not.toMatch(/superpod-base/);
  }, 300_000);
});
