import fs from 'node:fs';
import path from 'node:path';

/** Folders that hold installed, generated or vendored files rather than the project's own. */
const SKIPPED = new Set(['node_modules', '.git', 'cdktf.out', 'dist', 'coverage', 'vendor']);

export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/**
 * Every reference in the repository's own files to the team folder beside the checkout: a relative path up to a
 * `shared` folder (any depth) that does not resolve to a folder inside the repository (`policies/shared/` is one of ours), or
 * an absolute path into it. A clone on a new machine has nothing beside it, so any such read breaks there.
 */
export function outsideReferences(root: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const file of projectFiles(root)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (refersOutside(text, path.dirname(file), root)) {
        found.push({ file: path.relative(root, file), line: i + 1, text: text.trim() });
      }
    });
  }
  return found;
}

function refersOutside(text: string, dir: string, root: string): boolean {
  if (/\/work\/shared\b/.test(text)) return true;
  for (const match of text.matchAll(/(?:\.\.\/)+shared\b/g)) {
    const target = path.resolve(dir, match[0]);
    const inside = !path.relative(root, target).startsWith('..');
    if (!inside || !fs.existsSync(target)) return true;
  }
  return false;
}

function projectFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.superpod-tmp')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...projectFiles(full));
    else if (entry.isFile() && fs.statSync(full).size < 4 * 1024 * 1024) files.push(full);
  }
  return files;
}
