/**
 * The fault matrix, through the real binary: every command that writes meets an output it cannot write, every
 * command that reads meets an input it cannot read, every command that loads a stack meets a broken one. Each case
 * ends with exit 2 and one line naming the path (or the user's file:line), the cause and the fix; no partial output,
 * the previous output byte-identical, nothing left beside it.
 *
 * How the faults are made: a folder nobody may write is `chattr -R +i` as root (root ignores permission bits) or
 * chmod a-w otherwise; a read-only file system and a full disk are small tmpfs mounts (root only: skipped with the
 * reason otherwise); an unreadable input is chmod 000, read by a run without root's
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv) when the tests run as root.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { FakeApiServer } from '../deploy/fake-api-server.ts';
import { cli, SMALL_STACK, seedNodes } from '../deploy/helpers.ts';
import { type CliRun, readTree, repoRoot, runCli, srcIndex } from '../helpers/cli.ts';

/** Per case: generous, for a loaded 2-core CI machine; the runs themselves end in seconds. */
const TEST_MS = 150_000;
const RUN = { timeoutMs: 120_000 };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-faults-'));
const isRoot = process.getuid?.() === 0;
const cleanups: Array<() => void> = [];
let server: FakeApiServer;
let kubeconfig: string;

const tryRun = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether this machine lets the test mount a tmpfs (root in a container that allows it). CI sets
 * SUPERPOD_REQUIRE_MOUNT=1: there a machine that cannot mount fails the run instead of skipping the cases.
 */
const canMount = (() => {
  const probe = fs.mkdtempSync(path.join(work, 'probe-'));
  const ok = isRoot && tryRun('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (ok) tryRun('umount', [probe]);
  if (!ok && process.env.SUPERPOD_REQUIRE_MOUNT === '1')
    throw new Error('SUPERPOD_REQUIRE_MOUNT=1 but this machine cannot mount a tmpfs: run the tests as root');
  return ok;
})();

beforeAll(async () => {
  server = await new FakeApiServer().start();
  seedNodes(server, await loadInventory(SMALL_STACK));
  kubeconfig = server.kubeconfig(work);
  // Labelled nodes, as after a first apply, so inventory import finds accelerators and goes on to write.
  const applied = await cli(['apply', '--app', SMALL_STACK, '--stage', 'platform', '--kubeconfig', kubeconfig]);
  expect(applied.code, applied.stderr).toBe(0);
  // Only accelerator nodes: inventory import then warns about nothing, and its error is the only line.
  for (const key of [...server.objects.keys()]) if (key.endsWith('|control-plane-0')) server.objects.delete(key);
}, 120_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) cleanup();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function expectFault(run: CliRun, pattern: RegExp): void {
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
}

/** A folder holding a previous output, its own tree and its parent's listing, to compare after a failed run. */
function previousOutput(parent: string): { out: string; unchanged: () => void } {
  const out = path.join(parent, 'out');
  fs.mkdirSync(path.join(out, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(out, 'manifest.json'), '{"previous": true}\n');
  fs.writeFileSync(path.join(out, 'reports', 'capacity.md'), '# previous report\n');
  const tree = readTree(out);
  const listing = fs.readdirSync(parent).sort();
  return {
    out,
    unchanged: () => {
      expect(readTree(out)).toEqual(tree);
      expect(fs.readdirSync(parent).sort()).toEqual(listing);
    },
  };
}

/** Every command that writes files, with the output path it is given (a folder for synth and report). */
const writers: Array<{ name: string; args: (out: string) => string[]; target: (out: string) => string }> = [
  { name: 'synth', args: (out) => ['synth', '--app', SMALL_STACK, '--out', out], target: (out) => out },
  { name: 'report', args: (out) => ['report', '--app', SMALL_STACK, '--out', out], target: (out) => out },
  {
    name: 'check',
    args: (out) => [
      'check',
      '--app',
      SMALL_STACK,
      '--format',
      'sarif',
      '--out',
      path.join(out, 'reports/policy.sarif'),
    ],
    target: (out) => path.join(out, 'reports/policy.sarif'),
  },
  {
    name: 'spec export',
    args: (out) => ['spec', 'export', '--app', SMALL_STACK, '--force', '--out', path.join(out, 'reports/spec.yaml')],
    target: (out) => path.join(out, 'reports/spec.yaml'),
  },
  {
    name: 'compare',
    args: (out) => ['compare', SMALL_STACK, SMALL_STACK, '--out', path.join(out, 'reports/compare.md')],
    target: (out) => path.join(out, 'reports/compare.md'),
  },
  {
    name: 'inventory import',
    args: (out) => [
      ...['inventory', 'import', '--app', SMALL_STACK, '--kubeconfig', kubeconfig],
      ...['--out', path.join(out, 'reports/live.json')],
    ],
    target: (out) => path.join(out, 'reports/live.json'),
  },
];

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.concurrent('fault matrix: outputs that cannot be written', () => {
  for (const writer of writers) {
    // synth (its App) and report write folders; check, spec and inventory share the one-file writer, so they meet
    // the faults that differ for a file (no permission, a file in the path, a full disk).
    const folderWriter = writer.name === 'synth' || writer.name === 'report';
    it(
      `fails when ${writer.name} writes into a folder nobody may write`,
      async () => {
        const parent = fs.mkdtempSync(path.join(work, 'locked-'));
        const previous = previousOutput(parent);
        if (isRoot && tryRun('chattr', ['-R', '+i', parent])) {
          cleanups.push(() => tryRun('chattr', ['-R', '-i', parent]));
        } else {
          execFileSync('chmod', ['-R', 'a-w', parent]);
          cleanups.push(() => tryRun('chmod', ['-R', 'u+w', parent]));
        }
        const run = await runCli(writer.args(previous.out), { cwd: work, ...RUN });
        expectFault(
          run,
          new RegExp(
            `^error: ${literal(writer.target(previous.out))}: cannot write the (synth )?output: (operation not permitted \\(EPERM\\)|permission denied \\(EACCES\\)); pass `,
          ),
        );
        previous.unchanged();
      },
      TEST_MS,
    );

    it(
      `fails when ${writer.name} writes through a file`,
      async () => {
        const parent = fs.mkdtempSync(path.join(work, 'through-'));
        fs.writeFileSync(path.join(parent, 'file'), 'a file, not a folder\n');
        const out = path.join(path.basename(parent), 'file', 'out');
        const run = await runCli(writer.args(out), { cwd: work, ...RUN });
        expectFault(
          run,
          new RegExp(
            `^error: ${literal(writer.target(out))}: cannot write the (synth )?output: a part of the path is a file, not a folder \\(ENOTDIR\\); pass `,
          ),
        );
        expect(fs.readdirSync(parent)).toEqual(['file']);
      },
      TEST_MS,
    );

    if (folderWriter)
      it(
        `fails when ${writer.name} writes where the kernel allows no folder (/proc)`,
        async () => {
          const out = `/proc/superpod-${writer.name.replace(' ', '-')}`;
          const run = await runCli(writer.args(out), { cwd: work, ...RUN });
          expectFault(
            run,
            new RegExp(
              `^error: ${literal(writer.target(out))}: cannot write the (synth )?output: the file system does not allow creating it \\(ENOENT\\); pass `,
            ),
          );
        },
        TEST_MS,
      );

    if (folderWriter)
      it.skipIf(!canMount)(
        `fails when ${writer.name} writes on a read-only file system (tmpfs, ro)`,
        async () => {
          const mount = fs.mkdtempSync(path.join(work, 'ro-'));
          execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
          cleanups.push(() => tryRun('umount', ['-l', mount]));
          const previous = previousOutput(mount);
          execFileSync('mount', ['-o', 'remount,ro', mount]);
          const run = await runCli(writer.args(previous.out), { cwd: work, ...RUN });
          expectFault(
            run,
            new RegExp(
              `^error: ${literal(writer.target(previous.out))}: cannot write the (synth )?output: read-only file system \\(EROFS\\); pass `,
            ),
          );
          previous.unchanged();
        },
        TEST_MS,
      );

    it.skipIf(!canMount)(
      `fails when ${writer.name} writes on a full disk (tmpfs, filled)`,
      async () => {
        const mount = fs.mkdtempSync(path.join(work, 'full-'));
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
        cleanups.push(() => tryRun('umount', ['-l', mount]));
        const previous = previousOutput(fs.mkdirSync(path.join(mount, 'project'), { recursive: true })!);
        // Fill what is left: nothing more can be written there.
        tryRun('dd', ['if=/dev/zero', `of=${path.join(mount, 'filler')}`, 'bs=4k']);
        const listing = fs.readdirSync(mount).sort();
        const run = await runCli(writer.args(previous.out), { cwd: work, ...RUN });
        expectFault(
          run,
          new RegExp(
            `^error: ${literal(writer.target(previous.out))}: cannot write the (synth )?output: no space left on the device \\(ENOSPC\\); free some space, or pass `,
          ),
        );
        expect(fs.readdirSync(mount).sort()).toEqual(listing);
        previous.unchanged();
      },
      TEST_MS,
    );
  }
});

/** Every command that reads a file the user names, with that file's kind. */
const readers: Array<{
  name: string;
  kind: 'spec' | 'stack' | 'model' | 'csv' | 'config';
  args: (f: string) => string[];
}> = [
  { name: 'synth -f', kind: 'spec', args: (f) => ['synth', '-f', f, '--out', 'never'] },
  { name: 'check -f', kind: 'spec', args: (f) => ['check', '-f', f] },
  { name: 'check --config', kind: 'config', args: (f) => ['check', '--app', SMALL_STACK, '--config', f] },
  { name: 'report -f', kind: 'spec', args: (f) => ['report', '-f', f, '--out', 'never'] },
  { name: 'simulate -f', kind: 'spec', args: (f) => ['simulate', '-f', f] },
  { name: 'simulate --nodes', kind: 'csv', args: (f) => ['simulate', '--nodes', f, '--synthetic', '10'] },
  { name: 'spec export --app', kind: 'stack', args: (f) => ['spec', 'export', '--app', f] },
  {
    name: 'perf --model-config',
    kind: 'model',
    args: (f) => ['perf', '--accelerator', 'ascend-950dt', '--tdp-w', '900', '--model-config', f],
  },
  {
    name: 'plan --model-config',
    kind: 'model',
    args: (f) => [
      'plan',
      ...['--model-config', f, '--requests-per-second', '1', '--input-tokens', '512', '--output-tokens', '64'],
      ...['--ttft-ms', '1000', '--tpot-ms', '50', '--accelerator', 'atlas-350'],
    ],
  },
  { name: 'diff --app', kind: 'stack', args: (f) => ['diff', '--app', f, '--kubeconfig', kubeconfig] },
  { name: 'apply --app', kind: 'stack', args: (f) => ['apply', '--app', f, '--kubeconfig', kubeconfig] },
  {
    name: 'inventory import --app',
    kind: 'stack',
    args: (f) => ['inventory', 'import', '--app', f, '--kubeconfig', kubeconfig],
  },
];

const inputs: Record<(typeof readers)[number]['kind'], [file: string, text: string]> = {
  spec: ['spec.yaml', 'apiVersion: superpod.dev/v1alpha1\nkind: ClusterSpec\n'],
  stack: ['stack.ts', fs.readFileSync(SMALL_STACK, 'utf8').replaceAll('../../../src/index.ts', srcIndex)],
  model: [
    'config.json',
    fs.readFileSync(path.join(repoRoot, 'test/catalog/fixtures/hf/Llama-3.1-8B/config.json'), 'utf8'),
  ],
  csv: ['nodes.csv', 'sn,cpu_milli,memory_mib,gpu,model\nnode-0,96000,786432,8,A100\n'],
  config: ['superpod.policy.yaml', 'rules: {}\n'],
};

describe.concurrent('fault matrix: inputs that cannot be read', () => {
  for (const reader of readers) {
    it(
      `fails when ${reader.name} is given a file nobody may read`,
      async () => {
        const dir = fs.mkdtempSync(path.join(work, 'unreadable-'));
        const [name, text] = inputs[reader.kind];
        fs.writeFileSync(path.join(dir, name), text, { mode: 0o000 });
        // Root reads anything: the run drops that power, and mode 000 means what it says.
        const run = await runCli(reader.args(name), { cwd: dir, ...RUN, withoutReadOverride: true });
        expectFault(
          run,
          new RegExp(`^error: ${literal(name)}: cannot read the [a-zA-Z ]+: permission denied \\(EACCES\\); `),
        );
      },
      TEST_MS,
    );

    it(
      `fails when ${reader.name} is given a folder where a file belongs`,
      async () => {
        const dir = fs.mkdtempSync(path.join(work, 'folder-'));
        const [name] = inputs[reader.kind];
        fs.mkdirSync(path.join(dir, name));
        const run = await runCli(reader.args(name), { cwd: dir, ...RUN });
        const shown = reader.kind === 'model' ? `${name}/config.json` : name;
        expectFault(
          run,
          new RegExp(
            `^error: ${literal(shown)}: (cannot read the [a-zA-Z ]+: (it is a folder, not a file|no such file or folder \\(ENOENT\\))|the app file is a folder)`,
          ),
        );
      },
      TEST_MS,
    );
  }

  it(
    'fails when a spec is a named pipe, instead of waiting for a writer forever',
    async () => {
      const dir = fs.mkdtempSync(path.join(work, 'fifo-'));
      execFileSync('mkfifo', [path.join(dir, 'spec.yaml')]);
      expectFault(
        await runCli(['check', '-f', 'spec.yaml'], { cwd: dir, ...RUN }),
        /^error: spec\.yaml: cannot read the spec: not a regular file; /,
      );
    },
    TEST_MS,
  );
});

/** Stacks with the user's mistakes; line numbers matter (the messages name them). */
const brokenStacks: Record<string, [body: string, expected: (command: string) => RegExp, flags?: string[]]> = {
  'a syntax error': [
    `const app = new App(;\napp.synth();\n`,
    () => /^error: stack\.ts:3:21: syntax error in the stack: .*; correct the TypeScript at that line/,
  ],
  'an exception': [
    `const app = new App();\nnew SuperPodStack(app, 'x');\nthrow new Error('boom');\n`,
    () => /^error: stack\.ts:5:7: the stack threw Error: boom; fix the stack at that line/,
  ],
  'no synth() call': [
    `const app = new App();\nnew SuperPodStack(app, 'x');\n`,
    () =>
      /^error: stack\.ts: the app (never called app\.synth\(\)|defines no SuperPodStack or never calls app\.synth\(\))/,
  ],
  'an endless loop': [
    `const app = new App();\nwhile (app) {}\napp.synth();\n`,
    (command) =>
      new RegExp(
        `^error: superpod ${command}: stopped after 1 s \\(--timeout 1\\): stack\\.ts or what it asks for did not finish; look for an endless loop in it, or pass a larger --timeout`,
      ),
    ['--timeout', '1'],
  ],
};

/** Every command that loads a stack. */
const stackLoaders: Array<[command: string, args: string[]]> = [
  ['synth', ['synth', '--out', 'out']],
  ['check', ['check']],
  ['report', ['report', '--out', 'out']],
  ['simulate', ['simulate']],
  ['spec', ['spec', 'export']],
  ['diff', ['diff', '--kubeconfig', '{kubeconfig}']],
  ['apply', ['apply', '--kubeconfig', '{kubeconfig}']],
  ['inventory', ['inventory', 'import', '--kubeconfig', '{kubeconfig}']],
];

describe.concurrent("fault matrix: the user's stack is broken", () => {
  const mistakes = Object.entries(brokenStacks);
  for (const [m, [mistake, [body, expected, flags = []]]] of mistakes.entries()) {
    // synth meets every mistake; each other command two of them, in turn, so each mistake meets every kind of loader.
    const loaders = stackLoaders.filter(([command], i) => command === 'synth' || (i + m) % mistakes.length < 2);
    for (const [command, args] of loaders) {
      it(
        `fails when ${command} loads a stack with ${mistake}`,
        async () => {
          const dir = fs.mkdtempSync(path.join(work, 'stack-'));
          fs.writeFileSync(
            path.join(dir, 'stack.ts'),
            `import { App, SuperPodStack } from ${JSON.stringify(srcIndex)};\nvoid SuperPodStack;\n${body}`,
          );
          const previous = previousOutput(dir);
          const run = await runCli(
            [...args.map((a) => (a === '{kubeconfig}' ? kubeconfig : a)), '--app', 'stack.ts', ...flags],
            { cwd: dir, ...RUN },
          );
          expectFault(run, expected(command));
          previous.unchanged();
        },
        TEST_MS,
      );
    }
  }
});
