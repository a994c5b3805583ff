import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Not the package index: compare needs no engine, and its start-up stays short (npm run bench: compare).
import { CAPACITY_JSON_FILE, parseCapacityDocument, readCapacityFile } from '../capacity/document.ts';
import type { CapacityDocument } from '../capacity/types.ts';
import { SuperpodInputError } from '../errors.ts';

/**
 * The `superpod` binary of this installation (each synthesised side runs in its own process): beside src/ in a
 * checkout, beside dist/ in the installed package.
 */
const SUPERPOD_BIN = ['../../bin/superpod.js', '../../../bin/superpod.js']
  .map((relative) => path.resolve(path.dirname(fileURLToPath(import.meta.url)), relative))
  .find((file) => fs.existsSync(file))!;

export interface CapacityInputOptions {
  /** The stack to take when the input has several. */
  readonly stack?: string;
  /** Directory relative input paths resolve from, and where synth runs. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Stops the synth processes when it aborts (SIGINT/SIGTERM): the load then rejects with an AbortError, once the
   * temporary folders and the git worktree are removed.
   */
  readonly signal?: AbortSignal;
}

type InputKind = 'capacity' | 'folder' | 'spec' | 'app';

/**
 * One side of a comparison as a capacity report: a capacity.json, a synth output folder (cdktf.out, a stack's
 * folder or its reports/), or a spec or stack file, synthesised into a temporary folder by a separate `superpod
 * synth` process (removed afterwards).
 */
export async function loadCapacityInput(
  input: string,
  role: 'base' | 'head',
  opts: CapacityInputOptions = {},
): Promise<CapacityDocument> {
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, input);
  const label = `${role} ${input}`;
  const kind = inputKind(file, label);
  if (kind === 'capacity') return readCapacityFile(file, label);
  if (kind === 'folder') return readFromFolder(file, label, opts.stack);
  return synthesise(file, kind, label, cwd, opts);
}

/**
 * Checks that `ref` is a revision of the repository holding `headInput`, before any synth starts: a typo in
 * `--base-ref` fails at once.
 */
export async function checkBaseRef(ref: string, headInput: string, opts: CapacityInputOptions = {}): Promise<void> {
  const file = path.resolve(opts.cwd ?? process.cwd(), headInput);
  const where = 'superpod compare --base-ref';
  const dir = fs.existsSync(file) ? path.dirname(file) : (opts.cwd ?? process.cwd());
  const root = (await git(dir, ['rev-parse', '--show-toplevel'], where)).trim();
  await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], where, ref);
}

/**
 * The base side as it was at a git revision: the same file (`headInput`, a spec or stack file) checked out in a
 * temporary `git worktree` of its repository, synthesised there, and the worktree removed, also on failure.
 */
export async function loadCapacityAtRef(
  ref: string,
  headInput: string,
  opts: CapacityInputOptions = {},
): Promise<CapacityDocument> {
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, headInput);
  const kind = inputKind(file, `head ${headInput}`);
  if (kind !== 'spec' && kind !== 'app') {
    throw new SuperpodInputError({
      where: 'superpod compare --base-ref',
      problem: 'the head must be a spec or stack file to check out at the base revision',
      value: headInput,
      fix: 'pass the spec (cluster.yaml) or stack file (stacks/main.ts) as <head>, or pass both sides without --base-ref',
    });
  }
  const root = (await git(path.dirname(file), ['rev-parse', '--show-toplevel'], 'superpod compare --base-ref')).trim();
  const repoRoot = fs.realpathSync(root);
  const relativeFile = path.relative(repoRoot, fs.realpathSync(file));
  const relativeCwd = path.relative(repoRoot, fs.realpathSync(cwd));
  await git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], 'superpod compare --base-ref', ref);
  const parent = worktreeParent(repoRoot);
  fs.mkdirSync(parent, { recursive: true });
  const worktree = fs.mkdtempSync(path.join(parent, 'superpod-base-'));
  try {
    await git(repoRoot, ['worktree', 'add', '--detach', '--quiet', worktree, ref], 'superpod compare --base-ref', ref);
    const baseFile = path.join(worktree, relativeFile);
    if (!fs.existsSync(baseFile)) {
      throw new SuperpodInputError({
        where: 'superpod compare --base-ref',
        problem: `${relativeFile.split(path.sep).join('/')} does not exist at ${ref}`,
        value: ref,
        fix: 'pick a revision that has the file, or compare two files without --base-ref',
      });
    }
    const baseCwd = relativeCwd.startsWith('..') ? worktree : path.join(worktree, relativeCwd);
    return await synthesise(baseFile, kind, `base ${headInput}@${ref}`, baseCwd, opts, superpodBinOf(worktree));
  } finally {
    // Never aborted: an interrupted comparison still removes its worktree.
    await git(repoRoot, ['worktree', 'remove', '--force', worktree], 'git worktree remove').catch(() => undefined);
    fs.rmSync(worktree, { recursive: true, force: true });
    await git(repoRoot, ['worktree', 'prune'], 'git worktree prune').catch(() => undefined);
  }
}

/**
 * The superpod to synthesise a checkout with: its own when the repository is superpod itself (its stacks import
 * `../src`, whose App only that checkout's command sees), else this one.
 */
function superpodBinOf(checkout: string): string {
  const bin = path.join(checkout, 'bin', 'superpod.js');
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(checkout, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === 'superpod' && fs.existsSync(bin) ? bin : SUPERPOD_BIN;
  } catch {
    return SUPERPOD_BIN;
  }
}

/**
 * Inside the repository's node_modules when it has one, so a stack file that imports `superpod` resolves it from the
 * checkout; else the system temporary folder.
 */
function worktreeParent(repoRoot: string): string {
  const modules = path.join(repoRoot, 'node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'superpod-compare') : os.tmpdir();
}

function inputKind(file: string, label: string): InputKind {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SuperpodInputError({
      where: label,
      problem: 'no such file or folder',
      fix: 'pass a capacity.json, a synth output folder (cdktf.out), a spec or a stack file',
    });
  }
  if (stat.isDirectory()) return 'folder';
  if (/\.json$/i.test(file) && isCapacityJson(file)) return 'capacity';
  if (/\.(ya?ml|json)$/i.test(file)) return 'spec';
  if (/\.[cm]?[jt]s$/i.test(file)) return 'app';
  throw new SuperpodInputError({
    where: label,
    problem: 'not a capacity.json, spec (.yaml, .json) or stack file (.ts, .js)',
    fix: 'pass a capacity.json, a synth output folder (cdktf.out), a spec or a stack file',
  });
}

/** True when the head of the file says it is a capacity report (a spec says `apiVersion`). */
function isCapacityJson(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return /"kind"\s*:\s*"CapacityReport"/.test(head.subarray(0, read).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/** capacity.json of a folder: the folder itself, a stack folder (reports/), or a synth output (stacks/<stack>/). */
function readFromFolder(dir: string, label: string, stack: string | undefined): CapacityDocument {
  for (const candidate of ['capacity.json', CAPACITY_JSON_FILE]) {
    const file = path.join(dir, candidate);
    if (fs.existsSync(file)) return checkStack(readCapacityFile(file, label), label, stack);
  }
  const stacksDir = path.join(dir, 'stacks');
  const stacks = stacksWithCapacity(stacksDir);
  if (stacks.length === 0) {
    throw new SuperpodInputError({
      where: label,
      problem: `no ${CAPACITY_JSON_FILE} in this folder`,
      fix: 'run superpod synth (or superpod report) first, or pass the spec or stack file',
    });
  }
  const chosen = pickStack(stacks, label, stack);
  return readCapacityFile(path.join(stacksDir, chosen, CAPACITY_JSON_FILE), `${label}/stacks/${chosen}`);
}

/** Stacks of a synth output (`<out>/stacks/<stack>/`) that have a capacity report, sorted. */
function stacksWithCapacity(stacksDir: string): string[] {
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir)
    .filter((s) => fs.existsSync(path.join(stacksDir, s, CAPACITY_JSON_FILE)))
    .sort();
}

function pickStack(stacks: readonly string[], label: string, stack: string | undefined): string {
  if (stack !== undefined) {
    if (stacks.includes(stack)) return stack;
    throw new SuperpodInputError({
      where: label,
      problem: 'no stack of that name',
      value: stack,
      fix: `use --stack with one of ${stacks.join(', ')}`,
    });
  }
  if (stacks.length > 1) {
    throw new SuperpodInputError({
      where: label,
      problem: 'several stacks',
      value: stacks.join(', '),
      fix: 'name one with --stack <id>',
    });
  }
  return stacks[0]!;
}

function checkStack(doc: CapacityDocument, label: string, stack: string | undefined): CapacityDocument {
  if (stack !== undefined && doc.stack !== stack) {
    throw new SuperpodInputError({
      where: label,
      problem: `this capacity report is of stack ${doc.stack}`,
      value: stack,
      fix: `drop --stack or pass the report of ${stack}`,
    });
  }
  return doc;
}

/** Runs `superpod synth` on the file into a temporary folder and reads the capacity report it wrote. */
async function synthesise(
  file: string,
  kind: 'spec' | 'app',
  label: string,
  cwd: string,
  opts: CapacityInputOptions,
  bin = SUPERPOD_BIN,
): Promise<CapacityDocument> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-compare-'));
  try {
    // Relative to where synth runs, so its messages and reports name the file as the user does.
    const shown = path.relative(cwd, file) || file;
    const args = [bin, 'synth', kind === 'spec' ? '-f' : '--app', shown, '--out', out];
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: '' };
    const result = await run(process.execPath, args, cwd, env, opts.signal);
    // Exit 1 is a synth whose checks found errors: its reports are written, and the comparison shows them.
    if (result.code !== 0 && result.code !== 1) {
      const line = result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`;
      throw new SuperpodInputError({
        where: label,
        problem: `synth failed: ${line.replace(/^(superpod|error): /, '')}`,
        fix: 'fix that input, or compare capacity.json files written earlier',
      });
    }
    const stacksDir = path.join(out, 'stacks');
    const stacks = stacksWithCapacity(stacksDir);
    if (stacks.length === 0) {
      throw new SuperpodInputError({
        where: label,
        problem: `synth wrote no ${CAPACITY_JSON_FILE} (a superpod older than capacity reports?)`,
        fix: 'synthesise both sides with this superpod, or compare capacity.json files',
      });
    }
    const chosen = pickStack(stacks, label, opts.stack);
    const text = fs.readFileSync(path.join(stacksDir, chosen, CAPACITY_JSON_FILE), 'utf8');
    return parseCapacityDocument(JSON.parse(text), label);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const options = { cwd, env, maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

async function git(cwd: string, args: readonly string[], where: string, value?: string): Promise<string> {
  let result: RunResult;
  try {
    result = await run('git', args, cwd, { ...process.env, GIT_TERMINAL_PROMPT: '0' });
  } catch (error) {
    throw new SuperpodInputError({
      where,
      problem: `cannot run git (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      fix: 'install git, or compare two files without --base-ref',
    });
  }
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n').pop() || `git ${args[0]} failed`;
    throw new SuperpodInputError({
      where,
      problem: args[0] === 'rev-parse' && value !== undefined ? 'not a revision of this repository' : reason,
      ...(value === undefined ? {} : { value }),
      fix:
        args[0] === 'rev-parse' && value === undefined
          ? 'run compare inside a git repository, or compare two files without --base-ref'
          : 'pass a branch, tag or commit that exists (fetch it first in CI: git fetch origin main)',
    });
  }
  return result.stdout;
}
