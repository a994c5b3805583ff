import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { FakeApiServer } from '../deploy/fake-api-server.ts';
import { seedNodes } from '../deploy/helpers.ts';
import { runCli } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-e2e-deploy-'));
let server: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  server = await new FakeApiServer().start();
  seedNodes(server, await loadInventory());
  kubeconfig = server.kubeconfig(work);
}, 60_000);
afterAll(async () => {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('deploying the reference stack with the superpod binary', () => {
  it('diffs, dry-runs, applies, finds nothing left to change, and imports the cluster back', async () => {
    const cluster = ['--kubeconfig', kubeconfig];
    const diff = await runCli(['diff', ...cluster]);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('Plan: 38 to create, 44 to update, 0 to prune, 0 unchanged.');

    const before = server.objects.size;
    const dryRun = await runCli(['apply', ...cluster, '--dry-run=server']);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('Applied (server dry run): 38 created, 44 configured, 0 unchanged, 0 pruned.');
    expect(server.objects.size).toBe(before);
    // Nothing persists in a dry run, so objects in a namespace the run creates are listed but cannot be validated.
    expect(dryRun.stdout).toMatch(
      /^created Deployment\/inference\/deepseek-v3-prefill \(not validated: namespace inference is created by this apply\) \(server dry run\)$/m,
    );

    const apply = await runCli(['apply', ...cluster, '--prune']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Applied: 38 created, 44 configured, 0 unchanged, 0 pruned.');
    expect(server.objects.size).toBe(before + 38);

    const again = await runCli(['diff', ...cluster]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to prune, 82 unchanged.');

    const out = path.join(work, 'live.json');
    const imported = await runCli(['inventory', 'import', '--app', 'stacks/main.ts', ...cluster, '--out', out]);
    expect(imported.stderr).toBe(
      'warning: 1 nodes carry no accelerator-type label superpod knows (control plane, CPU nodes); not imported\n',
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^pd-slice: imported 44 nodes, 352 accelerators in 7 racks, 2 pools from /);
    const live = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(live.nodePools.map((p: { name: string; deviceAllocation: string }) => [p.name, p.deviceAllocation])).toEqual(
      [
        ['ascend-950dt-node-decode', 'device-plugin'],
        ['atlas-350-server-prefill', 'dra'],
      ],
    );
  }, 120_000);
});
