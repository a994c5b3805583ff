import fs from 'node:fs';
import path from 'node:path';
import { type AppConfig, App as CdktfApp } from 'cdktf';
import { synthReports } from '../app/synth-reports.ts';
import { ChecksFailedError } from '../errors.ts';
import { writeManifests } from '../k8s/write-manifests.ts';
import { dataFileJson, SuperPodStack, terraformDataFiles } from './superpod-stack.ts';

type SynthInterceptor = (app: App) => void;
type SynthProgress = (stage: string, done: number, total: number) => void;
interface SynthHooks {
  interceptor?: SynthInterceptor | undefined;
  progress?: SynthProgress | undefined;
  readonly synthesizedApps: App[];
}
/**
 * Shared by every copy of this module in the process. A user's TypeScript stack in a CommonJS project (the cdktf
 * template's default) is loaded through tsx's require hook, which gives it its own copy of superpod; its App must
 * still reach the hooks of the CLI that loaded it.
 */
const shared = globalThis as unknown as Record<symbol, SynthHooks | undefined>;
const HOOKS = Symbol.for('superpod.synth-hooks');
shared[HOOKS] ??= { synthesizedApps: [] };
const hooks: SynthHooks = shared[HOOKS];

/** Reports synth's stages (for a progress bar on a terminal); `undefined` turns it off. */
export function onSynthProgress(listener: SynthProgress | undefined): void {
  hooks.progress = listener;
}

/** Apps whose synth completed since the last call, oldest first (the synth command reports on them). */
export function takeSynthesizedApps(): App[] {
  return hooks.synthesizedApps.splice(0, hooks.synthesizedApps.length);
}

/**
 * Runs `load` (which imports a stack file whose App calls `synth()`), capturing each App instead of writing any
 * output. Used by commands that need the Inventory (check, simulate, report) without synthesising.
 */
export async function captureApps(load: () => Promise<unknown>): Promise<App[]> {
  const captured: App[] = [];
  const previous = hooks.interceptor;
  hooks.interceptor = (app) => captured.push(app);
  try {
    await load();
  } finally {
    hooks.interceptor = previous;
  }
  return captured;
}

/**
 * superpod's cdktf App. Same API as cdktf's, with two guarantees: the output directory is written atomically (a
 * failed synth leaves the previous output untouched and no partial directory), and every SuperPodStack also writes
 * its Kubernetes objects as YAML under `stacks/<stack>/manifests/`.
 */
export class App extends CdktfApp {
  /** Where the output lands when synth succeeds. */
  readonly finalOutdir: string;

  constructor(config: AppConfig = {}) {
    const finalOutdir = config.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const staging = stagingDirFor(finalOutdir);
    fs.mkdirSync(path.dirname(path.resolve(staging)), { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true });
    super({ ...config, outdir: staging });
    this.finalOutdir = finalOutdir;
    registerCleanup(staging);
  }

  /** Gives up on this app without writing anything (for callers that only need its Inventory). */
  discard(): void {
    removeStaging(this.outdir);
  }

  /** The SuperPodStacks of this app, in tree order. */
  get superPodStacks(): SuperPodStack[] {
    return this.node.findAll().filter(SuperPodStack.isSuperPodStack);
  }

  override synth(): void {
    if (hooks.interceptor) {
      removeStaging(this.outdir);
      hooks.interceptor(this);
      return;
    }
    try {
      const stacks = this.superPodStacks;
      const total = stacks.length * 3 + 1;
      stacks.forEach((stack, i) => {
        hooks.progress?.(`${stack.node.id}: inventory and Kubernetes objects`, i, total);
        stack.synthesis();
      });
      hooks.progress?.('Terraform JSON', stacks.length, total);
      super.synth();
      for (const stack of this.node.findAll()) {
        const files = terraformDataFiles(stack);
        if (!files) continue;
        const stackDir = path.join(this.outdir, 'stacks', stack.node.id);
        for (const [file, data] of files) fs.writeFileSync(path.join(stackDir, file), dataFileJson(data));
      }
      const failures: string[] = [];
      for (const [i, stack] of stacks.entries()) {
        hooks.progress?.(`${stack.node.id}: manifests, checks and reports`, stacks.length + 1 + 2 * i, total);
        const stackDir = path.join(this.outdir, 'stacks', stack.node.id);
        const { inventory, kubernetes } = stack.synthesis();
        writeManifests(path.join(stackDir, 'manifests'), kubernetes);
        const reports = synthReports(inventory);
        for (const [file, content] of Object.entries(reports.files)) {
          fs.mkdirSync(path.dirname(path.join(stackDir, file)), { recursive: true });
          fs.writeFileSync(path.join(stackDir, file), content);
        }
        failures.push(...reports.failures);
      }
      commit(this.outdir, this.finalOutdir);
      hooks.synthesizedApps.push(this);
      // The output, reports included, is written so CI can upload them; the synth still fails on errors.
      if (failures.length > 0) throw new ChecksFailedError(failures);
    } catch (error) {
      if (!ChecksFailedError.is(error)) removeStaging(this.outdir);
      throw error;
    }
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
  pendingStaging.delete(staging);
}

const pendingStaging = new Set<string>();
let exitHookInstalled = false;

function registerCleanup(staging: string): void {
  pendingStaging.add(staging);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const dir of pendingStaging) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
}

function removeStaging(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
  pendingStaging.delete(staging);
}
