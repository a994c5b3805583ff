import fs from 'node:fs';
import path from 'node:path';

/** The folders whose code imports are checked: each subfolder of src/ is a room, and so are these top-level ones. */
const TOP_LEVEL_ROOMS = ['constructs', 'policies', 'stacks'];

/**
 * The room of a repository-relative file: `src/<dir>` for a file in a subfolder of src/; a file directly in src/ is a
 * room of its own (`src/errors`, `src/index`: the public API imports everything, errors.ts is imported by everything);
 * the top-level folder otherwise; undefined outside the checked folders.
 */
export function roomOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1]!.replace(/\.ts$/, '')}`;
  return TOP_LEVEL_ROOMS.includes(parts[0]!) ? parts[0] : undefined;
}

const IMPORT = /^\s*(?:import|export)\s(?:type\s)?[^'";]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm;

/** Room -> the rooms its files import (relative imports, `import type` included), from the files under `root`. */
export function roomGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (rel.endsWith('.ts')) {
        addImports(graph, rel, fs.readFileSync(path.join(root, rel), 'utf8'));
      }
    }
  };
  for (const top of ['src', ...TOP_LEVEL_ROOMS]) if (fs.existsSync(path.join(root, top))) walk(top);
  return graph;
}

/** Adds the imports of one file (its repository-relative path and text) to a room graph. */
export function addImports(graph: Map<string, Set<string>>, file: string, text: string): void {
  const from = roomOf(file);
  if (from === undefined) return;
  const targets = graph.get(from) ?? new Set<string>();
  graph.set(from, targets);
  for (const match of text.matchAll(IMPORT)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), (match[1] ?? match[2])!));
    const to = roomOf(target);
    if (to !== undefined && to !== from) targets.add(to);
  }
}

/** Every cycle of rooms (at most `limit`), each as the rooms in import order with the first repeated at the end. */
export function roomCycles(graph: ReadonlyMap<string, ReadonlySet<string>>, limit = 20): string[][] {
  const cycles: string[][] = [];
  // Each cycle is reported once, from its smallest room, so the list is stable.
  for (const start of [...graph.keys()].sort()) {
    const stack: string[] = [start];
    const visit = (room: string): void => {
      for (const next of [...(graph.get(room) ?? [])].sort()) {
        if (cycles.length >= limit) return;
        if (next === start) cycles.push([...stack, start]);
        else if (next > start && !stack.includes(next)) {
          stack.push(next);
          visit(next);
          stack.pop();
        }
      }
    };
    visit(start);
  }
  return cycles;
}
