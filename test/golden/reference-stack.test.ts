import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, runInProcess } from '../helpers/cli.ts';

/**
 * Golden files: what `superpod synth` writes for the reference stack (stacks/main.ts) that users deploy — the
 * Terraform JSON, its for_each data and the YAML manifests — is committed under test/golden/reference-stack/.
 * Any change to it shows up as a reviewed diff. Regenerate after a deliberate change with
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 *
 * The output is deterministic (no clock, no absolute paths), so nothing needs stripping.
 */
const GOLDEN_DIR = path.join(import.meta.dirname, 'reference-stack');
const DEPLOYED = /^(manifest\.json|stacks\/[^/]+\/(cdk\.tf\.json|[^/]+\.json|manifests\/[^/]+\.yaml))$/;
const update = process.env.UPDATE_GOLDEN === '1';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-golden-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('golden synth output of the reference stack', () => {
  let synthesized: Map<string, string>;

  beforeAll(async () => {
    const run = await runInProcess(['synth', '--out', work]);
    expect(run.stderr).toBe('');
    synthesized = new Map([...readTree(work)].filter(([file]) => DEPLOYED.test(file)));
    if (update) {
      fs.rmSync(GOLDEN_DIR, { recursive: true, force: true });
      for (const [file, text] of synthesized) {
        fs.mkdirSync(path.dirname(path.join(GOLDEN_DIR, file)), { recursive: true });
        fs.writeFileSync(path.join(GOLDEN_DIR, file), text);
      }
    }
  }, 120_000);

  it('writes the same files as the golden copy (UPDATE_GOLDEN=1 to accept a change)', () => {
    expect([...synthesized.keys()]).toEqual([...readTree(GOLDEN_DIR).keys()]);
  });

  it('writes every file byte for byte as the golden copy (UPDATE_GOLDEN=1 to accept a change)', () => {
    const golden = readTree(GOLDEN_DIR);
    for (const [file, text] of synthesized) expect(text, file).toBe(golden.get(file));
  });
});
