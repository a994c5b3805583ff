import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { ruleName } from '../../src/policy/rule.ts';

const policies = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../policies');

describe('rule names', () => {
  it('come from the rule file: rack-it-load.ts -> rackItLoad', () => {
    expect(ruleName('file:///repo/policies/power/rack-it-load.ts')).toBe('rackItLoad');
    expect(ruleName('file:///repo/policies/slo/time-to-first-token.ts')).toBe('timeToFirstToken');
    expect(ruleName('rackCap')).toBe('rackCap');
    expect(ruleName('file:///repo/site/cdu-2-load.mts')).toBe('cdu2Load');
    expect(ruleName('file:///repo/site/owner-label.js')).toBe('ownerLabel');
    expect(ruleName('file:///repo/site/owner-label.cjs')).toBe('ownerLabel');
    expect(ruleName('file:///repo/site.d/owner.ts')).toBe('owner');
    expect(ruleName('rack-cap.ts')).toBe('rack-cap.ts');
  });

  it('of every built-in rule name a file of its pack', () => {
    for (const pack of builtInPacks) {
      for (const { rule } of pack.rules) {
        const file = `${rule.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
        expect(fs.existsSync(path.join(policies, pack.name, file)), `${pack.name}/${file}`).toBe(true);
      }
    }
  });
});
