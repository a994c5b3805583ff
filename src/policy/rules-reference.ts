import { cell } from './formatters/markdown.ts';
import type { Pack } from './types.ts';

/**
 * The rules reference (docs/rules.md): each pack with its description, each rule with its default level, the element
 * kind it checks, its title, explanation and fix, and each parameter with its default and description. What
 * `superpod check --list-rules` prints in short, in full, for people choosing levels and writing suppressions.
 */
export function rulesReference(packs: readonly Pack[]): string {
  const out: string[] = [
    '# Policy rules',
    '',
    'The rules of the built-in packs, written from the packs themselves by `npm run generate:rules-doc` (a test fails',
    'when this file is stale). `superpod check --list-rules` prints the same in short. `superpod.policy.yaml` sets a',
    "rule's level (`rules: { PHYS-003: off }`), a pack's parameters and suppressions, each with a reason.",
    '',
    '| Pack | Rules | Parameters |',
    '|---|---|---|',
    ...packs.map((p) => `| [${p.name}](#${p.name}) | ${p.rules.length} | ${Object.keys(p.parameters ?? {}).length} |`),
  ];
  for (const pack of packs) {
    out.push('', `## ${pack.name}`, '', pack.description, '', '| Rule | Level | Checks | Title |', '|---|---|---|---|');
    for (const r of pack.rules)
      out.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${r.level} | ${r.rule.appliesTo} | ${cell(r.title)} |`);
    const parameters = Object.entries(pack.parameters ?? {});
    if (parameters.length > 0) {
      out.push('', '| Parameter | Default | Description |', '|---|---|---|');
      for (const [key, spec] of parameters) {
        const value = spec.default === undefined ? 'unset' : `\`${JSON.stringify(spec.default)}\``;
        out.push(`| \`${key}\` | ${cell(value)} | ${cell(spec.description)} |`);
      }
    }
    for (const r of pack.rules) {
      out.push(
        '',
        `### ${r.id}`,
        '',
        `**${r.title}** (${r.level}, checks each ${r.rule.appliesTo}, function \`${r.rule.name}\`)`,
        '',
        r.explanation,
        '',
        `**Fix:** ${r.fix}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
