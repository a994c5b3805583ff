import fs from 'node:fs';
import path from 'node:path';
import { SuperpodInputError } from '../errors.ts';
import { definePack, type Pack } from '../policy/index.ts';
import { importUserModule } from './user-module.ts';

const PACK_EXPORTS = ['default', 'packs', 'pack'] as const;
const PACK_SHAPE =
  'export a pack made with definePack({ name, description, rules: [{ id, level, title, explanation, fix, rule: defineRule(...) }] }) as default, `pack` or `packs`';

/**
 * Imports the user pack modules of `superpod check --pack`: each exports a Pack, or a list of them, as default, `pack`
 * or `packs`. A module that exports something else (a rule, a number, an object without rules) is the user's input
 * error at that file, saying what it found and the shape it expects, never a crash inside the runner.
 */
export async function loadUserPacks(files: readonly string[]): Promise<Pack[]> {
  const packs: Pack[] = [];
  for (const file of files) {
    const resolved = path.resolve(file);
    if (!fs.existsSync(resolved)) {
      throw new SuperpodInputError({
        where: `superpod check --pack`,
        problem: 'pack module not found',
        value: file,
        fix: 'pass a TypeScript file that exports a pack made with definePack',
      });
    }
    const module = await importUserModule(resolved, 'policy pack');
    const name = PACK_EXPORTS.find((n) => module[n] !== undefined);
    if (name === undefined) {
      const found = Object.keys(module);
      throw new SuperpodInputError({
        where: file,
        problem: `the module exports no pack (${found.length === 0 ? 'no exports' : `exports: ${found.join(', ')}`})`,
        fix: PACK_SHAPE,
      });
    }
    const exported = module[name];
    const list = Array.isArray(exported) ? exported : [exported];
    if (list.length === 0) {
      throw new SuperpodInputError({
        where: file,
        problem: `the export \`${name}\` is an empty list`,
        fix: PACK_SHAPE,
      });
    }
    list.forEach((item: unknown, i) => {
      const label = `${name === 'default' ? 'the default export' : `the export \`${name}\``}${Array.isArray(exported) ? `[${i}]` : ''}`;
      const found = notAPack(item);
      if (found !== undefined) {
        throw new SuperpodInputError({
          where: file,
          problem: `${label} is ${found.what}, not a policy pack`,
          ...(found.shown ? { value: item } : {}),
          fix: found.fix ?? PACK_SHAPE,
        });
      }
      try {
        packs.push(definePack(item as Pack));
      } catch (error) {
        if (!SuperpodInputError.is(error)) throw error;
        throw new SuperpodInputError({
          where: `${file}: ${error.where}`,
          problem: error.problem,
          ...(error.value !== undefined ? { value: error.value } : {}),
          fix: error.fix,
        });
      }
    });
  }
  return packs;
}

/** What `value` is when it is not shaped like a Pack (an object with a `rules` list); undefined when it is. */
function notAPack(value: unknown): { what: string; shown?: boolean; fix?: string } | undefined {
  if (value === null || value === undefined) return { what: String(value) };
  if (typeof value === 'function') {
    return {
      what: `a function (${value.name || 'anonymous'})`,
      fix: 'call it and export the pack it returns',
    };
  }
  if (typeof value !== 'object') return { what: `a ${typeof value}`, shown: true };
  if (Array.isArray(value)) return { what: 'a list inside the list of packs' };
  const fields = value as Record<string, unknown>;
  if (Array.isArray(fields.rules)) return undefined;
  if (typeof fields.check === 'function' && typeof fields.appliesTo === 'string') {
    return {
      what: `a rule made with defineRule ("${String(fields.name)}" on ${fields.appliesTo})`,
      fix: `put it in a pack's rules list: ${PACK_SHAPE}`,
    };
  }
  if ('rule' in fields && 'id' in fields) {
    return {
      what: `a single rule entry (id ${JSON.stringify(fields.id)})`,
      fix: `put it in a pack's rules list: ${PACK_SHAPE}`,
    };
  }
  const keys = Object.keys(fields);
  return { what: `an object without a \`rules\` list (${keys.length === 0 ? 'no keys' : `keys: ${keys.join(', ')}`})` };
}
