import { describe, expect, it } from 'vitest';
import { moduleExports } from '../../src/app/user-module.ts';

// What Node's import hands back for a TypeScript pack, written by hand: tsx compiles a file in a project without
// "type": "module" to CommonJS, whose exports arrive as `default`, marked __esModule by the compiler.
const compiled = (exports: Record<string, unknown>) =>
  Object.defineProperty({ ...exports }, '__esModule', { value: true, enumerable: false });

describe('moduleExports', () => {
  it('takes the exports of a TypeScript module compiled to CommonJS from one level down', () => {
    const pack = { name: 'site', rules: [] };
    expect(moduleExports({ default: compiled({ pack }) })).toEqual({ pack });
    expect(moduleExports({ default: compiled({ default: pack }) }).default).toBe(pack);
    // Node 22+ adds the CommonJS exports again under 'module.exports'
    expect(moduleExports({ default: compiled({ pack }), 'module.exports': compiled({ pack }) })).toEqual({ pack });
  });

  it('leaves an ES module, and a plain CommonJS module, as they are', () => {
    const esm = { pack: { name: 'site' }, default: compiled({ x: 1 }) };
    expect(moduleExports(esm)).toBe(esm);
    const plainCommonJs = { default: { pack: { name: 'site' } } }; // module.exports = { pack }: no __esModule
    expect(moduleExports(plainCommonJs)).toBe(plainCommonJs);
    const nothing = { default: null };
    expect(moduleExports(nothing)).toBe(nothing);
  });
});
