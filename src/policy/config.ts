import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { SuperpodInputError } from '../errors.ts';
import { readInputText } from '../file-errors.ts';
import { lazy } from '../lazy.ts';
import { describeSchemaError } from '../schema-error.ts';
import { formatLocation, type SourceLocation } from '../source-location.ts';
import type { ConfigSuppression } from './suppressions.ts';
import type { Level } from './types.ts';

/**
 * The policy config file (YAML or JSON): rule levels, pack parameters and suppressions. Its structure is checked
 * with ajv against `config.schema.json`; parameter values against the schemas their packs declare.
 *
 * ```yaml
 * rules:
 *   PHYS-003: off
 * parameters:
 *   power.defaultPue: 1.3
 *   cooling.cduCapacityKw: { cdu-row-a: 400 }
 * suppressions:
 *   - rule: POWER-003
 *     target: pod-a/rack-07
 *     reason: second busbar lands in Q3, single feed accepted until then
 * ```
 */
export interface PolicyConfig {
  /** The file it was read from, relative to the working directory, for messages. */
  readonly file?: string;
  readonly packs?: { readonly exclude?: readonly string[] };
  readonly rules?: Readonly<Record<string, Level | 'off'>>;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly suppressions?: readonly ConfigSuppression[];
  /** Where a value of the file is (`['parameters', 'power.defaultPue']`), for error messages and SARIF. */
  readonly locate?: (keyPath: readonly (string | number)[], key?: string) => SourceLocation | undefined;
}

/** Config files looked for in the working directory when no `--config` is given, in this order. */
export const DEFAULT_CONFIG_FILES = ['superpod.policy.yaml', 'superpod.policy.yml', 'superpod.policy.json'] as const;

/** The default config file of `dir`, if one exists. */
export function findDefaultConfig(dir = process.cwd()): string | undefined {
  for (const name of DEFAULT_CONFIG_FILES) {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return undefined;
}

/** Reads and validates a config file; any problem is an input error pointing at file:line. */
export function loadPolicyConfig(file: string): PolicyConfig {
  const label = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/') || file;
  const text = readInputText(
    file,
    'the policy config',
    'pass an existing YAML or JSON file with --config, or leave --config out',
  );
  return parsePolicyConfig(text, label);
}

const validateStructure = lazy(() =>
  new Ajv({ allErrors: false, strict: true }).compile(
    JSON.parse(fs.readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')),
  ),
);

/** Parses config text (YAML 1.2, so JSON too) and validates its structure. */
export function parsePolicyConfig(text: string, label: string): PolicyConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file: label, line: pos.line, column: pos.col };
  };
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    throw new SuperpodInputError({
      where: formatLocation(at(syntaxError.pos[0])) ?? label,
      problem: `the policy config is not valid YAML or JSON: ${syntaxError.message.split('\n')[0]}`,
      fix: 'fix the syntax at that line',
    });
  }
  const data: unknown = doc.toJS() ?? {};
  const locate = (keyPath: readonly (string | number)[], key?: string): SourceLocation | undefined => {
    if (key !== undefined) {
      const map = keyPath.length === 0 ? doc.contents : doc.getIn(keyPath, true);
      const pair = isMap(map) ? map.items.find((p) => (p.key as { value?: unknown } | null)?.value === key) : undefined;
      const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
      if (keyNode?.range) return at(keyNode.range[0]);
    }
    const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return at(node.range[0]);
    const parentPath = keyPath.slice(0, -1);
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    if ((isMap(parent) || isSeq(parent)) && parent.range) return at(parent.range[0]);
    return undefined;
  };
  const validate = validateStructure();
  if (!validate(data)) {
    const error = validate.errors![0]!;
    const keyPath = pointerToPath(error.instancePath);
    const badKey =
      error.propertyName ??
      (error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined);
    throw new SuperpodInputError({
      where: formatLocation(locate(keyPath, badKey)) ?? label,
      problem: `policy config ${describeSchemaError(error)}`,
      fix: 'see src/policy/config.schema.json for the accepted keys',
    });
  }
  const config = data as Omit<PolicyConfig, 'file' | 'locate'>;
  const suppressions = config.suppressions?.map((s, i) => {
    const source = locate(['suppressions', i]);
    return { ...s, ...(source ? { source } : {}) };
  });
  return { ...config, ...(suppressions ? { suppressions } : {}), file: label, locate };
}

/** `/rules/POWER-02` -> ['rules', 'POWER-02'] (JSON Pointer, RFC 6901). */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
