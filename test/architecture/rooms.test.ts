import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addImports, roomCycles, roomGraph } from './rooms.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Rooms the engines and the report must never import: composition, the CLI, the cdktf edge, the spec and packs. */
const OUTSIDE_ENGINES = ['src/app', 'src/cli', 'src/terraform', 'src/spec', 'src/deploy', 'src/report', 'policies'];
const ENGINES = ['src/catalog', 'src/units', 'src/inventory', 'src/facility', 'src/k8s', 'src/perf', 'src/scheduler'];

function graphOf(files: Record<string, string>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, text] of Object.entries(files)) addImports(graph, file, text);
  return graph;
}

describe('import rooms', () => {
  const graph = roomGraph(root);

  it('src, constructs and policies import each other without a cycle', () => {
    expect(roomCycles(graph)).toEqual([]);
  });

  it('engines import no composition, CLI, cdktf, spec, deploy, report or pack code', () => {
    const offending = ENGINES.flatMap((room) =>
      [...(graph.get(room) ?? [])].filter((to) => OUTSIDE_ENGINES.includes(to)).map((to) => `${room} -> ${to}`),
    );
    expect(offending).toEqual([]);
  });

  it('the report and the policy engine read engines, not a policy pack', () => {
    expect([...(graph.get('src/report') ?? [])]).not.toContain('policies');
    expect([...(graph.get('src/policy') ?? [])]).not.toContain('policies');
  });

  it('fails when two rooms import each other', () => {
    const cycles = roomCycles(
      graphOf({
        'src/app/load.ts': "import { App } from '../terraform/app.ts';",
        'src/terraform/app.ts': "import type { Reports } from '../app/reports.ts';\n",
      }),
    );
    expect(cycles).toEqual([['src/app', 'src/terraform', 'src/app']]);
  });

  it('fails when a cycle runs through three rooms, export-from and side-effect imports included', () => {
    const cycles = roomCycles(
      graphOf({
        'src/app/a.ts': "export { b } from '../spec/b.ts';",
        'src/spec/b.ts': "import '../terraform/c.ts';",
        'src/terraform/c.ts': "import {\n  x,\n} from '../app/a.ts';",
        'src/errors.ts': '',
      }),
    );
    expect(cycles).toEqual([['src/app', 'src/spec', 'src/terraform', 'src/app']]);
  });
});
