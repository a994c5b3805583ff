import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { binaryPath, component, PROVIDER_VERSION } from '../control-plane/components.ts';
import { type ControlPlaneState, startControlPlane, stopControlPlane } from '../control-plane/control-plane.ts';
import { cli } from '../deploy/helpers.ts';
import { runCli } from '../helpers/cli.ts';
import { apiPath, getObject, installCrds, registerNodes } from './helpers.ts';

/**
 * Section 3 of issue 11: the cdktf path. `tofu init` offline from a filesystem mirror holding the provider built from
 * source, `tofu apply` of the platform stack then the workloads stack against a fresh control plane (CRDs installed
 * first), `tofu plan -detailed-exitcode` finds nothing to do, and `superpod diff` finds the cluster in sync.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-cluster-tofu-'));
const out = path.join(work, 'cdktf.out');
const STACKS = ['pd-slice', 'pd-slice-workloads'];
let state: ControlPlaneState;
let inventory: Inventory;
let env: Record<string, string>;

function tofu(args: string[], stack: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(component('tofu')), [...args, '-no-color', '-input=false'], {
      cwd: path.join(out, 'stacks', stack),
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

beforeAll(async () => {
  state = await startControlPlane({ controllers: true });
  inventory = await loadInventory();
  await registerNodes(state, inventory);
  await installCrds(state);
  const synth = await runCli(['synth', '--out', out]);
  expect(synth.code).toBe(0);
  // The provider as a registry would serve it, in a filesystem mirror; no other installation method is configured.
  const mirror = path.join(work, 'mirror');
  for (const host of ['registry.opentofu.org', 'registry.terraform.io']) {
    const dir = path.join(mirror, host, 'hashicorp/kubernetes', PROVIDER_VERSION, 'linux_amd64');
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(
      binaryPath(component('provider')),
      path.join(dir, `terraform-provider-kubernetes_v${PROVIDER_VERSION}`),
    );
  }
  const rc = path.join(work, 'tofu.rc');
  fs.writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    TF_CLI_CONFIG_FILE: rc,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    KUBE_CONFIG_PATH: state.kubeconfig,
    KUBE_CTX: 'admin',
  };
});
afterAll(async () => {
  if (state) await stopControlPlane(state);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the reference stack through OpenTofu and the hashicorp/kubernetes provider', () => {
  it('3 tofu init installs the provider offline from the filesystem mirror', async () => {
    for (const stack of STACKS) {
      const init = await tofu(['init'], stack);
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      expect(init.stdout).toContain(`Installing hashicorp/kubernetes v${PROVIDER_VERSION}`);
    }
  });

  it('3 tofu apply creates the platform, then the workloads', async () => {
    for (const stack of STACKS) {
      const apply = await tofu(['apply', '-auto-approve'], stack);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(apply.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
    }
    for (const object of allObjects(synthesizeKubernetes(inventory))) {
      const live = await getObject<{ metadata: { labels?: Record<string, string> } }>(
        state,
        await apiPath(state, object),
      );
      expect(live, `${object.kind}/${object.metadata.name}`).toBeDefined();
      for (const [k, v] of Object.entries(object.metadata.labels ?? {})) expect(live!.metadata.labels?.[k]).toBe(v);
    }
  }, 900_000);

  it('3 tofu plan -detailed-exitcode finds no changes', async () => {
    for (const stack of STACKS) {
      const plan = await tofu(['plan', '-detailed-exitcode'], stack);
      expect(plan.stderr).toBe('');
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
    }
  }, 600_000);

  it('3 superpod diff finds the cluster OpenTofu built in sync', async () => {
    const diff = await cli(['diff', '--kubeconfig', state.kubeconfig]);
    expect(diff.stderr).toBe('');
    expect(diff.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to prune, \d+ unchanged\./);
    expect(diff.code).toBe(0);
  });
});
