/**
 * Interruption and concurrency through the real binary: SIGINT and SIGTERM during synth and apply, two synths into
 * one folder, and the staging folder a killed run leaves, removed by the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { FakeApiServer } from '../deploy/fake-api-server.ts';
import { SMALL_STACK, seedNodes } from '../deploy/helpers.ts';
import { readTree, runCli, spawnCli, until } from '../helpers/cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-interrupt-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const synthArgs = (out: string) => ['synth', '--app', SMALL_STACK, '--out', out];

describe('superpod synth, interrupted', () => {
  let reference: Map<string, string>;

  beforeAll(async () => {
    const run = await runCli(synthArgs(path.join(work, 'reference')));
    expect(run.stderr).toBe('');
    reference = readTree(path.join(work, 'reference'));
  }, 60_000);

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`fails when ${signal} arrives midway: the previous output stays, the next run removes the staging folder`, async () => {
      const dir = fs.mkdtempSync(path.join(work, `${signal}-`));
      const out = path.join(dir, 'out');
      expect((await runCli(synthArgs(out))).code).toBe(0);
      const previous = readTree(out);
      const { child, done } = spawnCli(synthArgs(out));
      const staging = `.out.staging-${child.pid}`;
      // The staging folder exists from the App's construction until the commit: the run is midway.
      await until('the staging folder', () => fs.existsSync(path.join(dir, staging)));
      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(readTree(out)).toEqual(previous);
      // A signal ends the process at once (a busy synth runs no handlers); what it staged stays until the next run.
      expect(fs.readdirSync(dir).sort()).toEqual(['out', staging].sort());
      const next = await runCli(synthArgs(out));
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      expect(fs.readdirSync(dir)).toEqual(['out']);
      expect(readTree(out)).toEqual(reference);
    }, 120_000);
  }

  it('leaves one complete output when two synths write into one folder at once', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'concurrent-'));
    const out = path.join(dir, 'out');
    const runs = await Promise.all([runCli(synthArgs(out)), runCli(synthArgs(out)), runCli(synthArgs(out))]);
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect(fs.readdirSync(dir)).toEqual(['out']);
    expect(readTree(out)).toEqual(reference);
  }, 120_000);
});

describe('superpod apply, interrupted', () => {
  let server: FakeApiServer;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await new FakeApiServer().start();
    seedNodes(server, await loadInventory(SMALL_STACK));
    kubeconfig = server.kubeconfig(work);
  }, 60_000);
  afterAll(() => server.stop());

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`fails when ${signal} arrives midway: apply lists what it applied and the next run converges`, async () => {
      for (const key of [...server.objects.keys()]) if (!key.includes('|Node|')) server.objects.delete(key);
      seedNodes(server, await loadInventory(SMALL_STACK));
      const before = server.objects.size;
      const args = ['apply', '--app', SMALL_STACK, '--kubeconfig', kubeconfig];
      // Slow answers while the signal is due, so it lands while objects are still being applied; the runs that
      // follow need no delay.
      server.latencyMs = 150;
      const { child, done } = spawnCli(args);
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
      });
      await until('the first applied object', () => /^(created|configured) /m.test(stdout));
      child.kill(signal);
      const run = await done;
      server.latencyMs = 0;
      expect(run.code).toBe(code);
      const applied = run.stdout.split('\n').filter((line) => /^created /.test(line));
      expect(applied.length).toBeGreaterThan(0);
      expect(run.stderr).toMatch(
        new RegExp(
          `superpod apply: ${signal} received: finishing the requests in flight \\(send it again to stop now\\)\\nsuperpod apply: interrupted after \\d+ objects \\(listed above\\); nothing else was sent; run superpod apply again to converge\\n$`,
        ),
      );
      // What apply reports as created is exactly what the cluster gained.
      expect(server.objects.size - before).toBe(applied.length);

      const again = await runCli(args);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      const diff = await runCli(['diff', '--app', SMALL_STACK, '--kubeconfig', kubeconfig]);
      expect(diff.code).toBe(0);
      expect(diff.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to prune, \d+ unchanged\./);
    }, 180_000);
  }
});
