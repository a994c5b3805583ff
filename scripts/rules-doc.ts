/**
 * Writes docs/rules.md, the reference of the built-in policy rules, from the packs themselves
 * (src/policy/rules-reference.ts). `test/policy/rules-doc.test.ts` fails when the committed file is stale.
 *
 *   npm run generate:rules-doc
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInPacks } from '../policies/index.ts';
import { rulesReference } from '../src/policy/rules-reference.ts';

export const RULES_DOC_FILE = fileURLToPath(new URL('../docs/rules.md', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(RULES_DOC_FILE, rulesReference(builtInPacks));
  process.stdout.write(`wrote ${RULES_DOC_FILE}\n`);
}
