import { describe, expect, it } from 'vitest';

// The built-in packs are checked by definePack when their modules load (a rule id, level, title, explanation or fix
// that is not well formed throws). This file imports them inside its tests, never at its top: a pack that fails to
// load fails these tests instead of silently emptying every file that imports it.
const PACKS = {
  power: ['../../policies/power/pack.ts', 'powerPack', 'POWER'],
  cooling: ['../../policies/cooling/pack.ts', 'coolingPack', 'COOL'],
  memory: ['../../policies/memory/pack.ts', 'memoryPack', 'MEM'],
  fabric: ['../../policies/fabric/pack.ts', 'fabricPack', 'FAB'],
  physical: ['../../policies/physical/pack.ts', 'physicalPack', 'PHYS'],
  kubernetes: ['../../policies/kubernetes/pack.ts', 'kubernetesPack', 'K8S'],
  slo: ['../../policies/slo/pack.ts', 'sloPack', 'SLO'],
} as const;

interface LoadedPack {
  readonly name: string;
  readonly rules: readonly { readonly id: string; readonly title: string; readonly fix: string }[];
}

describe('the built-in packs load', () => {
  it.each(Object.entries(PACKS))('%s', async (name, [file, exported, prefix]) => {
    const module = (await import(file)) as Record<string, LoadedPack>;
    const pack = module[exported]!;
    expect(pack.name).toBe(name);
    const ids = pack.rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) expect(id).toBe(`${prefix}-${String(i + 1).padStart(3, '0')}`);
  });

  it('in report order, through the index', async () => {
    const { builtInPacks } = await import('../../policies/index.ts');
    expect(builtInPacks.map((p) => p.name)).toEqual([
      'power',
      'cooling',
      'memory',
      'fabric',
      'physical',
      'kubernetes',
      'slo',
    ]);
  });
});
