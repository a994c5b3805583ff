import fs from 'node:fs';
import path from 'node:path';
import { type AppConfig, App as CdktfApp } from 'cdktf';
import { ChecksFailedError } from '../errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { writeManifests } from '../k8s/write-manifests.ts';
import { currentSynthSession } from './session.ts';
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
    const finalOutdir = config.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const staging = stagingDirFor(finalOutdir);
    fs.mkdirSync(path.dirname(path.resolve(staging)), { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true });
    super({ ...config, outdir: staging });
    this.finalOutdir = finalOutdir;
    // A process that exits before synth or discard leaves no staging directory behind.
    this.cleanUpOnExit = () => fs.rmSync(staging, { recursive: true, force: true });
    process.on('exit', this.cleanUpOnExit);
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
    const progress = session?.progress;
    try {
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
    } catch (error) {
      if (!ChecksFailedError.is(error)) this.removeStaging();
      throw error;
    }
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

/** Replaces `finalDir` by `staging` with renames on one file system, so readers see the old or the new tree only. */
function commit(staging: string, finalDir: string): void {
  const old = `${stagingDirFor(finalDir)}.old`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(finalDir)) fs.renameSync(finalDir, old);
  fs.renameSync(staging, finalDir);
  fs.rmSync(old, { recursive: true, force: true });
}
