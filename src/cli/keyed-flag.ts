import { getAccelerator } from '../catalog/index.ts';
import { SuperpodInputError } from '../errors.ts';

/** `<accelerator id>=<number>` pairs of a repeated flag (`--price h200-sxm=3.5`), each id checked in the catalogue. */
export function keyedFlag(command: string, flag: string, raw: readonly string[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of raw ?? []) {
    const eq = item.lastIndexOf('=');
    const id = eq > 0 ? item.slice(0, eq) : '';
    const value = eq > 0 ? Number(item.slice(eq + 1)) : Number.NaN;
    if (!id || !Number.isFinite(value) || value < 0 || item.slice(eq + 1).trim() === '') {
      throw new SuperpodInputError({
        where: `superpod ${command} --${flag}`,
        problem: 'expected <accelerator id>=<number>',
        value: item,
        fix: `pass for example --${flag} ascend-950dt=${flag === 'tdp-w' ? 900 : 2.5}`,
      });
    }
    getAccelerator(id);
    out.set(id, value);
  }
  return out;
}
