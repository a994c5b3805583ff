import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { repoRoot, runCli } from '../helpers/cli.ts';

describe('superpod --help and --version', () => {
  it('lists every command with its summary', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const [name, entry] of Object.entries(commands)) {
      expect(run.stdout).toContain(`  ${name.padEnd(12)} ${entry.summary}\n`);
    }
  }, 30_000);

  it('prints the package name and version from package.json', async () => {
    const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${name} ${version}\n`, stderr: '' });
  }, 30_000);

  it('fails when no command is given, with the usage and exit 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: superpod <command> [options]');
  }, 30_000);
});
