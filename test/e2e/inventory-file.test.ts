import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-inventory-file-'));
const file = path.join(work, 'live.json');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What `superpod inventory import --out live.json` writes: an Inventory the checks and the simulator take with -f. */
beforeAll(async () => {
  const { loadInventory } = await import('../../src/app/load-stack.ts');
  const { fixtureInventory } = await import('../helpers/inventory-fixture.ts');
  const inventory = await fixtureInventory(() => loadInventory());
  fs.writeFileSync(file, `${JSON.stringify(inventory, null, 2)}\n`);
}, 60_000);

describe('an imported inventory file', () => {
  it('runs the checks with -f', async () => {
    const run = await runCli(['check', '-f', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 errors, 0 warnings/);
  }, 60_000);

  it('runs the simulator with -f', async () => {
    const run = await runCli(['simulate', '-f', file, '--policy', 'best-fit', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ policy: 'best-fit', totalDevices: 352 });
  }, 60_000);
});
