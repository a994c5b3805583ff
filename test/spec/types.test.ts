import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formattedSpecTypes, SPEC_TYPES_FILE, specTypesSource } from '../../scripts/spec-types.ts';
import { specSchema } from '../../src/spec/schema.ts';

describe('spec types generated from the JSON Schema', () => {
  it('src/spec/types.ts is current (else run npm run generate:spec-types)', () => {
    expect(fs.readFileSync(SPEC_TYPES_FILE, 'utf8')).toBe(formattedSpecTypes());
  });

  it('names titled sub-schemas, marks required fields and carries descriptions as JSDoc', () => {
    const source = specTypesSource();
    expect(source).toContain('export interface NodeSpec {');
    expect(source).toContain(
      'export type WorkloadSpec = InferenceServiceSpec | RecommendationServiceSpec | TrainingJobSpec;',
    );
    expect(source).toMatch(
      /\/\*\* node type id from `superpod catalog list node-types` \*\/\n\s+readonly type: string;/,
    );
    expect(source).toMatch(/readonly racks: readonly RackSpec\[\];/);
    expect(source).toMatch(/readonly count\?: number;/);
  });

  it('follows a change of the schema', () => {
    const changed = structuredClone(specSchema()) as unknown as { required: string[] };
    changed.required = changed.required.filter((key) => key !== 'superPods');
    expect(specTypesSource(changed as never)).toContain('readonly superPods?: readonly SuperPodSpec[];');
  });

  it('fails when the schema uses a keyword the generator cannot type', () => {
    expect(() => specTypesSource({ properties: { odd: { type: 'null' } } } as never)).toThrow(/no TypeScript type/);
  });
});
