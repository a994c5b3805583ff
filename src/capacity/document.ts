import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { SuperpodInputError } from '../errors.ts';
import { lazy } from '../lazy.ts';
import { describeSchemaError } from '../schema-error.ts';
import { CAPACITY_KIND, CAPACITY_SCHEMA_VERSION, type CapacityDocument } from './types.ts';

/** Path of the artefact under a stack's output directory, as synth and `superpod report` write it. */
export const CAPACITY_JSON_FILE = 'reports/capacity.json';

/** The JSON Schema of capacity.json, shipped in the package beside this module. */
export const CAPACITY_SCHEMA_URL = new URL('./capacity.schema.json', import.meta.url);

// On compare's start-up path, so half the compile time is saved: the schema itself is not checked against the
// meta-schema here (test/capacity compiles it with every check) and the generated code is not optimised.
const validate = lazy(
  (): ValidateFunction =>
    new Ajv({
      allErrors: false,
      strict: true,
      allowUnionTypes: true,
      validateSchema: false,
      code: { optimize: false },
    }).compile(JSON.parse(fs.readFileSync(CAPACITY_SCHEMA_URL, 'utf8'))),
);

/** The document as written: two-space JSON with a final newline, keys in the builder's order (byte-stable). */
export function formatCapacityJson(doc: CapacityDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Checks parsed JSON against the schema; a document of another schemaVersion or kind, or one that breaks the schema,
 * is an input error naming `label` and the first problem.
 */
export function parseCapacityDocument(data: unknown, label: string): CapacityDocument {
  const head = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  if (head.kind !== CAPACITY_KIND) {
    throw new SuperpodInputError({
      where: label,
      problem: 'not a capacity report (no "kind": "CapacityReport")',
      fix: 'pass reports/capacity.json from superpod synth or superpod report, an output folder, a spec or a stack file',
    });
  }
  if (head.schemaVersion !== CAPACITY_SCHEMA_VERSION) {
    throw new SuperpodInputError({
      where: label,
      problem: `capacity report schemaVersion ${String(head.schemaVersion)} is not supported`,
      value: head.schemaVersion,
      fix: `re-create it with this superpod (schemaVersion ${CAPACITY_SCHEMA_VERSION})`,
    });
  }
  const check = validate();
  if (!check(data)) {
    throw new SuperpodInputError({
      where: label,
      problem: `capacity report ${describeSchemaError(check.errors![0]!)}`,
      fix: 're-create it with superpod synth or superpod report; see src/capacity/capacity.schema.json',
    });
  }
  return data as CapacityDocument;
}

/** Reads and validates a capacity.json file. */
export function readCapacityFile(file: string, label = file): CapacityDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuperpodInputError({
      where: label,
      problem: `cannot read the capacity report (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      fix: 'pass an existing reports/capacity.json',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SuperpodInputError({
      where: label,
      problem: `not valid JSON (${(error as Error).message})`,
      fix: 'pass reports/capacity.json as superpod wrote it',
    });
  }
  return parseCapacityDocument(data, label);
}
