import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROOMS = ['src', 'constructs', 'policies'];

/** Top-level `let`/`var` declarations: state a module would carry between calls (caches go through `lazy`). */
function moduleLevelVariables(text: string): string[] {
  return text.split('\n').filter((line) => /^(?:export\s+)?(?:let|var)\s/.test(line));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('module state', () => {
  it('fails when a module declares a top-level let or var', () => {
    expect(moduleLevelVariables('let cached: number | undefined;\nconst x = 1;\nexport var y = 2;\n')).toEqual([
      'let cached: number | undefined;',
      'export var y = 2;',
    ]);
  });

  it('no module in src, constructs or policies holds a variable of its own', () => {
    const offending = ROOMS.flatMap((room) =>
      sourceFiles(path.join(root, room)).flatMap((file) =>
        moduleLevelVariables(fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(root, file)}: ${line}`),
      ),
    );
    expect(offending).toEqual([]);
  });
});
