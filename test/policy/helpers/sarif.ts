import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from '../../helpers/cli.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The official SARIF 2.1.0 schema (OASIS errata01, draft-04, vendored in `test/vendor/sarif/`). Ajv 8 speaks draft-06 and later:
 * the only draft-04 keywords the file uses are its top-level `id` and `$schema`, which become `$id` and go; every
 * other keyword means the same in both drafts (the file has no boolean exclusiveMinimum/Maximum).
 */
export function sarifValidator() {
  const file = path.resolve(repoRoot, 'test/vendor/sarif/sarif-schema-2.1.0.json');
  const { id, $schema: _draft04, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}
