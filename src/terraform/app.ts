import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AppConfig, App as CdktfApp } from 'cdktf';
import { ChecksFailedError, SuperpodInputError } from '../errors.ts';
import { ensureDir, isFileSystemError, shownPath, writeProblem } from '../file-errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { writeManifests } from '../k8s/write-manifests.ts';
import { currentSynthSession, type SynthSession } from './session.ts';
import { dataFileJson, SuperPodStack, terraformDataFiles } from './superpod-stack.ts';

/** Files a synth adds to a stack's output beyond Terraform JSON and manifests, and whether the stack fails synth. */
export interface StackReports {
  /** Relative path under `stacks/<stack>/` -> file content. */
  readonly files: Readonly<Record<string, string>>;
  /** One line per problem that must fail the synth (exit 1); empty when the stack passes. */
  readonly failures: readonly string[];
}

/**
 * The cdktf App that synthesises Terraform JSON and YAML. Same API as cdktf's, with two guarantees: the output
 * directory is written atomically (a failed synth leaves the previous output untouched and no partial directory), and
 * every SuperPodStack also writes its Kubernetes objects as YAML under `stacks/<stack>/manifests/`. What else a stack
 * writes (checks, reports) comes from `stackReports`, which `App` (src/app) composes in.
 */
export class TerraformApp extends CdktfApp {
  /** Where the output lands when synth succeeds. */
  readonly finalOutdir: string;
  private readonly cleanUpOnExit: () => void;

  constructor(config: AppConfig = {}) {
    const finalOutdir = config.outdir ?? (process.env.CDKTF_OUTDIR?.trim() || 'cdktf.out');
    // An app loaded only for its Inventory (check, report, simulate) never writes: its staging lives in the
    // temporary folder, so those commands work in a read-only checkout.
    const session = currentSynthSession();
    const staging = session?.capture
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-capture-'))
      : onOutput(finalOutdir, () => prepareStaging(finalOutdir));
    super({ ...config, outdir: staging });
    this.finalOutdir = finalOutdir;
    // A process that exits before synth or discard leaves no staging directory behind.
    this.cleanUpOnExit = () => fs.rmSync(staging, { recursive: true, force: true });
    process.on('exit', this.cleanUpOnExit);
    session?.created.push(this);
  }

  /** Gives up on this app without writing anything (for callers that only need its Inventory). */
  discard(): void {
    this.removeStaging();
  }

  /** Files a stack writes besides Terraform JSON and manifests; none here. */
  protected stackReports(_inventory: Inventory): StackReports {
    return { files: {}, failures: [] };
  }

  /** The SuperPodStacks of this app, in tree order. */
  get superPodStacks(): SuperPodStack[] {
    return this.node.findAll().filter(SuperPodStack.isSuperPodStack);
  }

  override synth(): void {
    const session = currentSynthSession();
    if (session?.capture) {
      this.removeStaging();
      session.apps.push(this);
      return;
    }
    try {
      onOutput(this.finalOutdir, () => this.writeOutput(session));
    } catch (error) {
      if (!ChecksFailedError.is(error)) this.removeStaging();
      throw error;
    }
  }

  private writeOutput(session: SynthSession | undefined): void {
    const progress = session?.progress;
    const stacks = this.superPodStacks;
    const total = stacks.length * 3 + 1;
    stacks.forEach((stack, i) => {
      progress?.(`${stack.node.id}: inventory and Kubernetes objects`, i, total);
      stack.synthesis();
    });
    progress?.('Terraform JSON', stacks.length, total);
    super.synth();
    for (const stack of this.node.findAll()) {
      const files = terraformDataFiles(stack);
      if (!files) continue;
      const stackDir = path.join(this.outdir, 'stacks', stack.node.id);
      for (const [file, data] of files) fs.writeFileSync(path.join(stackDir, file), dataFileJson(data));
    }
    const failures: string[] = [];
    for (const [i, stack] of stacks.entries()) {
      progress?.(`${stack.node.id}: manifests, checks and reports`, stacks.length + 1 + 2 * i, total);
      const stackDir = path.join(this.outdir, 'stacks', stack.node.id);
      const { inventory, kubernetes } = stack.synthesis();
      writeManifests(path.join(stackDir, 'manifests'), kubernetes);
      const reports = this.stackReports(inventory);
      for (const [file, content] of Object.entries(reports.files)) {
        fs.mkdirSync(path.dirname(path.join(stackDir, file)), { recursive: true });
        fs.writeFileSync(path.join(stackDir, file), content);
      }
      failures.push(...reports.failures);
    }
    commit(this.outdir, this.finalOutdir);
    this.removeStaging();
    session?.apps.push(this);
    // The output, reports included, is written so CI can upload them; the synth still fails on errors.
    if (failures.length > 0) throw new ChecksFailedError(failures);
  }

  private removeStaging(): void {
    fs.rmSync(this.outdir, { recursive: true, force: true });
    process.off('exit', this.cleanUpOnExit);
  }
}

function stagingDirFor(finalOutdir: string): string {
  const resolved = path.resolve(finalOutdir);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.staging-${process.pid}`);
}

/** Runs a step that writes under `finalOutdir`, turning the file system's refusals into the one-line input error. */
function onOutput<T>(finalOutdir: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (isFileSystemError(error)) {
      throw writeProblem(
        error,
        shownPath(finalOutdir),
        'the synth output',
        'pass a folder you can write to with --out (or CDKTF_OUTDIR)',
      );
    }
    throw error;
  }
}

/** Makes the parent of the output folder, removes what killed runs left there, and returns a fresh staging path. */
function prepareStaging(finalOutdir: string): string {
  const staging = stagingDirFor(finalOutdir);
  const existing = fs.statSync(finalOutdir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new SuperpodInputError({
      where: shownPath(finalOutdir),
      problem: 'the output path is a file, not a folder',
      fix: 'pass a folder with --out (synth replaces the whole folder)',
    });
  }
  ensureDir(path.dirname(staging));
  removeStaleStaging(finalOutdir);
  fs.rmSync(staging, { recursive: true, force: true });
  ensureDir(path.join(staging, 'stacks'));
  return staging;
}

/**
 * Staging folders (and the `.old` folders of a commit) whose process is gone: a run killed with SIGKILL, or a
 * machine that lost power, leaves them; the next synth into the same folder removes them.
 */
function removeStaleStaging(finalOutdir: string): void {
  const resolved = path.resolve(finalOutdir);
  const prefix = `.${path.basename(resolved)}.staging-`;
  for (const entry of fs.readdirSync(path.dirname(resolved))) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)(\.old)?$/.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isSafeInteger(pid) && pid !== process.pid && !processAlive(pid))
      fs.rmSync(path.join(path.dirname(resolved), entry), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces `finalDir` by `staging` with renames on one file system, so readers see the old or the new tree only.
 * Two synths into one folder may commit at the same moment: the one whose rename finds the folder taken moves the
 * other's output aside and retries, so the folder ends up holding one complete output.
 */
function commit(staging: string, finalDir: string): void {
  const old = `${staging}.old`;
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(old, { recursive: true, force: true });
    refuseForeignFolder(finalDir);
    try {
      fs.renameSync(finalDir, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      fs.renameSync(staging, finalDir);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 20) throw error;
    }
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/** synth replaces the whole output folder: never a folder of other files (`--out .` must not eat the project). */
function refuseForeignFolder(finalDir: string): void {
  if (!fs.existsSync(finalDir)) return;
  const entries = fs.readdirSync(finalDir);
  // cdktf's manifest.json marks a previous synth output.
  if (entries.length > 0 && !entries.includes('manifest.json')) {
    throw new SuperpodInputError({
      where: shownPath(finalDir),
      problem: 'the output folder holds other files and is not a previous synth output',
      fix: 'pass a new or empty folder with --out (synth replaces the whole folder)',
    });
  }
}
