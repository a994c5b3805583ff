import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInPacks } from '../../policies/index.ts';
import { RULES_DOC_FILE } from '../../scripts/rules-doc.ts';
import { definePack, defineRule, pass } from '../../src/policy/index.ts';
import { rulesReference } from '../../src/policy/rules-reference.ts';

describe('the rules reference', () => {
  it('docs/rules.md is current (else run npm run generate:rules-doc)', () => {
    expect(fs.readFileSync(RULES_DOC_FILE, 'utf8')).toBe(rulesReference(builtInPacks));
  });

  it('lists each pack, its rules with level, element and title, its parameters, then each rule in full', () => {
    const site = definePack({
      name: 'site',
      description: 'Site limits.',
      rules: [
        {
          id: 'SITE-001',
          level: 'warning',
          title: 'Rack | row cap',
          explanation: 'Racks stay under\nthe cap.',
          fix: 'spread the nodes',
          rule: defineRule('rackCap', 'rack', () => pass()),
        },
      ],
      parameters: {
        'site.maxRackKw': { description: 'cap in kW | per rack', schema: { type: 'number' }, default: 60 },
        'site.rows': { description: 'rows', schema: { type: 'object' } },
      },
    });
    const bare = definePack({ name: 'bare', description: 'No parameters.', rules: [] });
    const text = rulesReference([site, bare]);
    expect(text.split('\n').slice(6)).toEqual([
      '| Pack | Rules | Parameters |',
      '|---|---|---|',
      '| [site](#site) | 1 | 2 |',
      '| [bare](#bare) | 0 | 0 |',
      '',
      '## site',
      '',
      'Site limits.',
      '',
      '| Rule | Level | Checks | Title |',
      '|---|---|---|---|',
      '| [SITE-001](#site-001) | warning | rack | Rack \\| row cap |',
      '',
      '| Parameter | Default | Description |',
      '|---|---|---|',
      '| `site.maxRackKw` | `60` | cap in kW \\| per rack |',
      '| `site.rows` | unset | rows |',
      '',
      '### SITE-001',
      '',
      '**Rack | row cap** (warning, checks each rack, function `rackCap`)',
      '',
      'Racks stay under',
      'the cap.',
      '',
      '**Fix:** spread the nodes',
      '',
      '## bare',
      '',
      'No parameters.',
      '',
      '| Rule | Level | Checks | Title |',
      '|---|---|---|---|',
      '',
    ]);
    expect(text.startsWith('# Policy rules\n\n')).toBe(true);
  });
});
