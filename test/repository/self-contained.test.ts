import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { outsideReferences } from './outside-references.ts';

const VENDOR = path.join(repoRoot, 'test/vendor');
const TEAM_FOLDER = ['..', 'shared'].join('/');

describe('the repository is self-contained', () => {
  const temps: string[] = [];
  const tempRepo = () => {
    temps.push(fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-refs-')));
    return temps.at(-1)!;
  };
  afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('no source, test, script or document refers to the team folder beside the checkout', () => {
    expect(outsideReferences(repoRoot)).toEqual([]);
  });

  it('fails when a file refers to the team folder beside the checkout', () => {
    const temp = tempRepo();
    fs.mkdirSync(path.join(temp, 'test/k8s'), { recursive: true });
    fs.writeFileSync(
      path.join(temp, 'test/k8s/validate.ts'),
      `const dir = path.resolve(repoRoot, '${TEAM_FOLDER}/schemas/crds');\n`,
    );
    fs.writeFileSync(path.join(temp, 'README.md'), `See \`${TEAM_FOLDER}/DESIGN.md\`.\n`);
    expect(outsideReferences(temp).map((r) => `${r.file}:${r.line}`)).toEqual([
      'README.md:1',
      'test/k8s/validate.ts:1',
    ]);
  });

  it('accepts a relative import of a shared module folder inside the repository', () => {
    const temp = tempRepo();
    fs.mkdirSync(path.join(temp, 'policies/shared'), { recursive: true });
    fs.mkdirSync(path.join(temp, 'policies/power'), { recursive: true });
    fs.writeFileSync(path.join(temp, 'policies/shared/power.ts'), 'export const x = 1;\n');
    fs.writeFileSync(path.join(temp, 'policies/power/rule.ts'), `import { x } from '${TEAM_FOLDER}/power.ts';\n`);
    expect(outsideReferences(temp)).toEqual([]);
  });
});

describe('vendored files match their PROVENANCE', () => {
  const folders = fs
    .readdirSync(VENDOR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it.each(folders)('%s: every file is listed with its size and SHA-256, and matches them', (folder) => {
    const dir = path.join(VENDOR, folder);
    const provenance = fs.readFileSync(path.join(dir, 'PROVENANCE.md'), 'utf8');
    const listed = new Map(
      [...provenance.matchAll(/^\| `([^`]+)` \| `[^`]+` \| (\d+) \| `([0-9a-f]{64})` \|$/gm)].map((m) => [
        m[1]!,
        { size: Number(m[2]), sha256: m[3]! },
      ]),
    );
    const files = fs.readdirSync(dir).filter((f) => f !== 'PROVENANCE.md');
    expect([...listed.keys()].sort()).toEqual(files.sort());
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(dir, file));
      expect({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }, file).toEqual(
        listed.get(file),
      );
    }
    expect(provenance).toMatch(/Licence|Terms/);
  });
});
