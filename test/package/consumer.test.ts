/**
 * The npm package as a user gets it: `npm pack` (which builds dist/ through prepack), then the tarball installed
 * into an empty project with `npm ci --offline` from the npm cache our own `npm ci` filled (the lock file comes
 * from ours, see consumer-lock.ts), and used the four ways users use it: plain ESM JavaScript, TypeScript checked
 * with `tsc --strict` against the shipped declarations, the `superpod` command, and a cdktf project's app command.
 * The slowest test of the suite: the build, the install and a strict type check of the dependency tree.
 */
import { execFile, exec as execShell } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { consumerLock, type PackageLock } from './consumer-lock.ts';
import { commandLines, readmeBlocks, shellBlockKind, synopsis, typescriptExamples } from './readme-examples.ts';

const run = promisify(execFile);
const shell = promisify(execShell);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-package-'));
const project = path.join(work, 'consumer');
// The README's examples run in a folder of their own inside the project, as a reader's fresh checkout would.
const readmeDir = path.join(project, 'readme');
const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' };
delete env.CDKTF_OUTDIR;
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
const npx = (args: string[]) => run('npx', ['--offline', ...args], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 });

interface PackResult {
  filename: string;
  integrity: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}
let packed: PackResult;
const readme = readmeBlocks(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
const readmeStacks = typescriptExamples(readme);
// The README's commands run as `superpod ...` with the project's node_modules/.bin first on PATH: what `npx
// superpod` runs in a project that depends on superpod, without npx's own start-up for each of them.
const readmeEnv = { ...env, PATH: `${path.join(project, 'node_modules/.bin')}${path.delimiter}${env.PATH}` };

const STACK_IMPORTS = `App, Ascend950DTNode, Cooling, Current, Power, Rack800VDC, RackPower, RackUnits, SuperPod, SuperPodStack,
  UnifiedBusFabric, Voltage`;
const stackBody = (id: string, app = 'new App()') => `const app = ${app};
const stack = new SuperPodStack(app, '${id}', { scheduler: 'volcano' });
const pod = new SuperPod(stack, 'pod-a', { fabric: UnifiedBusFabric.atlas950() });
const rack = new Rack800VDC(pod, 'rack-01', {
  power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(150) }),
  cooling: Cooling.directLiquid({ liquidCapacity: Power.kilowatts(90), airCapacity: Power.kilowatts(20) }),
});
new Ascend950DTNode(rack, 'dt-0', {
  role: 'decode', acceleratorPower: Power.watts(900), hostPower: Power.kilowatts(1.6), height: RackUnits.of(4),
});
app.synth();
`;

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

beforeAll(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], repoRoot);
  packed = (JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as PackResult[])[0]!;
  fs.mkdirSync(project);
  fs.renameSync(path.join(work, packed.filename), path.join(project, packed.filename));

  const ours = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as PackageLock;
  const tarball = fs.readFileSync(path.join(project, packed.filename));
  const lock = consumerLock(
    ours,
    {
      name: 'superpod',
      version: ours.version!,
      file: packed.filename,
      integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
    },
    {
      typescript: ours.packages['node_modules/typescript']!.version!,
      '@types/node': ours.packages['node_modules/@types/node']!.version!,
    },
  );
  write('package-lock.json', JSON.stringify(lock, null, 2));
  write(
    'package.json',
    JSON.stringify(
      { name: 'consumer', version: '1.0.0', private: true, type: 'module', ...lock.packages[''] },
      null,
      2,
    ),
  );
  await npm(['ci', '--offline', '--no-audit', '--no-fund'], project);

  for (const [file, text] of readmeStacks) write(`readme/${file}`, text);
  // The README's simulate example reads the openb trace from a clone's test/vendor/openb.
  for (const file of ['openb_node_list_gpu_node.csv', 'openb_pod_list_default.csv']) {
    write(`readme/test/vendor/openb/${file}`, fs.readFileSync(path.join(repoRoot, 'test/vendor/openb', file), 'utf8'));
  }
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }), 120_000);

// The package's uses are independent (each writes its own files in the project), so they run side by side.
describe('the npm package', { timeout: 240_000, concurrent: true }, () => {
  it('ships compiled JavaScript, declarations, source maps and the run-time JSON, and no sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'CHANGELOG.md',
        'package.json',
        'bin/superpod.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/index.js.map',
        'dist/src/cli/main.js',
        'dist/stacks/main.js',
        'dist/src/catalog/data/accelerators.json',
        'dist/src/catalog/schemas/accelerators.schema.json',
        'dist/src/policy/config.schema.json',
      ]),
    );
    const unwanted = files.filter(
      (f) => !/^(dist\/|bin\/superpod\.js$|LICENSE$|README\.md$|CHANGELOG\.md$|package\.json$)/.test(f),
    );
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
    console.log(
      `npm pack: ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`,
    );
  });

  it('declares no install scripts, an engine and a licence', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/superpod/package.json'), 'utf8'));
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(manifest.engines.node).toMatch(/^>=20/);
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.private).toBeUndefined();
  });

  it('imports from plain ESM JavaScript and synthesises a stack', async () => {
    write(
      'plain.mjs',
      `import { ${STACK_IMPORTS} } from 'superpod';\n${stackBody('js-slice', "new App({ outdir: 'out-js' })")}`,
    );
    await run(process.execPath, ['plain.mjs'], { cwd: project, env });
    const manifests = fs.readdirSync(path.join(project, 'out-js/stacks/js-slice/manifests'));
    expect(manifests).toContain('20-node-labels.yaml');
    expect(fs.existsSync(path.join(project, 'out-js/stacks/js-slice/cdk.tf.json'))).toBe(true);
  });

  it('type-checks a consumer TypeScript file against the shipped declarations with tsc --strict', async () => {
    write('typed.ts', `import { ${STACK_IMPORTS} } from 'superpod';\n${stackBody('pd-slice')}`);
    write(
      'wrong.ts',
      `import { Power } from 'superpod';\nimport { definePack } from 'superpod/policy';\nexport const p: Power = 900;\nexport const pack = definePack;\n` +
        `import type { CapacityDocument } from 'superpod/capacity';\nimport { diffCapacity } from 'superpod/compare';\n` +
        'export const changed = (doc: CapacityDocument): boolean => diffCapacity(doc, doc).changed;\n',
    );
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', target: 'ES2022', types: ['node'] },
        files: ['typed.ts', 'wrong.ts', ...[...readmeStacks.keys()].map((f) => `readme/${f}`)],
      }),
    );
    // No skipLibCheck: the shipped declarations are checked too. The one error is the consumer's own mistake in
    // wrong.ts, which shows the declarations are really what the files were checked against.
    const failed = await npx(['tsc', '-p', '.']).then(
      () => 'no error',
      (error: { stdout: string }) => error.stdout,
    );
    expect(failed.trim().split('\n')).toEqual([
      "wrong.ts(3,14): error TS2322: Type 'number' is not assignable to type 'Power'.",
    ]);
  });

  it('runs `npx superpod synth --app stack.ts` from the compiled CLI', async () => {
    write('stack.ts', `import { ${STACK_IMPORTS} } from 'superpod';\n${stackBody('pd-slice')}`);
    const { stdout } = await npx(['superpod', 'synth', '--app', 'stack.ts', '--out', 'out-cli']);
    expect(stdout).toMatch(/pd-slice: 1 SuperPoD, 1 racks, 1 nodes, 8 accelerators/);
    expect(fs.readdirSync(path.join(project, 'out-cli/stacks'))).toEqual(['pd-slice', 'pd-slice-workloads']);
  });

  it('runs `npx superpod check -f cluster.yaml` on a starter spec', async () => {
    await npx(['superpod', 'spec', 'init', '--out', 'cluster.yaml']);
    const { stdout } = await npx(['superpod', 'check', '-f', 'cluster.yaml']);
    expect(stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('compares two capacity reports through superpod/capacity and superpod/compare, and the CLI', async () => {
    await npx(['superpod', 'spec', 'init', '--out', 'compare.yaml']);
    await npx(['superpod', 'report', '-f', 'compare.yaml', '--out', 'cap', '--no-schedule']);
    write(
      'compare.mjs',
      `import fs from 'node:fs';
import { CAPACITY_SCHEMA_URL, readCapacityFile } from 'superpod/capacity';
import { diffCapacity, priceCapacity, renderCompareMarkdown } from 'superpod/compare';
const doc = readCapacityFile('cap/reports/capacity.json');
const schema = JSON.parse(fs.readFileSync(CAPACITY_SCHEMA_URL, 'utf8'));
const diff = diffCapacity(priceCapacity(doc, 2), priceCapacity(doc, 3));
console.log(JSON.stringify({ schema: schema.properties.schemaVersion.const, changed: diff.changed, npus: doc.totals.npus }));
console.log(renderCompareMarkdown(diffCapacity(doc, doc)).split('\\n')[3]);
`,
    );
    const { stdout } = await run(process.execPath, ['compare.mjs'], { cwd: project, env });
    const [summary, line] = stdout.trim().split('\n');
    expect(JSON.parse(summary!)).toMatchObject({ schema: 1, changed: true });
    expect(line).toMatch(/^\*\*no capacity change \(\d+ NPUs/);
    const cli = await npx(['superpod', 'compare', 'cap', 'compare.yaml', '--format', 'text']);
    expect(cli.stdout).toMatch(/: no capacity change \(/);
  });

  it('reports its name and version', async () => {
    const { stdout } = await npx(['superpod', '--version']);
    expect(stdout).toBe(`superpod ${packed.filename.replace(/^superpod-|\.tgz$/g, '')}\n`);
  });

  // cdktf-cli runs cdktf.json's "app" command in the project folder through a shell, with CDKTF_OUTDIR set;
  // cdktf-cli itself is not needed for that, so the commands run here exactly as it would run them. The cdktf
  // TypeScript template makes a CommonJS project (no "type": "module"), where tsx requires the stack.
  it.each([
    ['npx superpod synth --app main.ts', 'module'],
    ['npx superpod synth --app main.ts', 'commonjs'],
    ['npx tsx main.ts', 'module'],
  ])('works as a cdktf app: "app": "%s" in a %s project', async (app, type) => {
    const dir = path.join(project, `cdktf-${type}-${app.split(' ')[1]}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'infra', version: '1.0.0', type }));
    fs.writeFileSync(
      path.join(dir, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app, output: 'cdktf.out' }),
    );
    const typed = `interface Settings {\n  readonly id: string;\n}\nconst settings: Settings = { id: 'cdktf-slice' };\n`;
    const body = stackBody('cdktf-slice').replace("'cdktf-slice'", 'settings.id');
    fs.writeFileSync(path.join(dir, 'main.ts'), `import { ${STACK_IMPORTS} } from 'superpod';\n${typed}${body}`);
    const outdir = path.join(dir, 'cdktf.out');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
    await shell(config.app, { cwd: dir, env: { ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' } });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['cdktf-slice', 'cdktf-slice-workloads']);
  });
});

describe('the README, run against the installed package', { timeout: 240_000 }, () => {
  const shellBlocks = readme.filter((b) => b.lang === 'sh');
  const runnable = shellBlocks.filter((b) => shellBlockKind(b) === 'run');
  const sh = (command: string) =>
    shell(command.replace(/^npx superpod\b/, 'superpod'), { cwd: readmeDir, env: readmeEnv });

  it('has TypeScript examples and command blocks to run', () => {
    expect(readmeStacks.size).toBeGreaterThanOrEqual(2);
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    const marked = new Set(shellBlocks.filter((b) => shellBlockKind(b) !== 'run').map(shellBlockKind));
    expect([...marked].sort()).toEqual(['clone', 'synopsis']);
  });

  it.each([...readmeStacks.keys()])('TypeScript example %s checks with no error and no warning', async (file) => {
    const { stdout } = await sh(`superpod check --app ${file} --fail-on warning`);
    expect(stdout).toMatch(/0 errors, 0 warnings/);
  });

  it.each(runnable.map((b) => [b.line, b] as const))('command block at README.md:%i runs', async (_line, block) => {
    for (const command of commandLines(block)) {
      await sh(command).catch((error: { code: number; stderr: string }) => {
        throw new Error(`${command} exited ${error.code}: ${error.stderr}`);
      });
    }
  });

  it('the YAML spec example checks with no error', async () => {
    const spec = readme.find((b) => b.lang === 'yaml')!;
    write('readme/readme-cluster.yaml', spec.text);
    const { stdout } = await sh('superpod check -f readme-cluster.yaml');
    expect(stdout).toMatch(/0 errors/);
  });

  it("every flag of the synopsis (commands that need a cluster) is in its command's --help", async () => {
    const lines = shellBlocks.filter((b) => shellBlockKind(b) === 'synopsis').flatMap(commandLines);
    for (const line of lines) {
      const { command, flags } = synopsis(line);
      const { stdout } = await sh(`superpod ${command} --help`);
      for (const flag of flags) expect(stdout, `${command} ${flag}`).toContain(flag);
    }
  });

  it('the set-up block names scripts the repository has', () => {
    const lines = shellBlocks.filter((b) => shellBlockKind(b) === 'clone').flatMap(commandLines);
    const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
    for (const line of lines) {
      for (const [, script] of line.matchAll(/npm (?:run )?([\w:-]+)/g)) {
        if (script !== 'ci') expect(Object.keys(scripts), line).toContain(script);
      }
    }
  });
});
