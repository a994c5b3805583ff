import { SuperpodInputError } from '../errors.ts';
import { RULE_ID } from '../inventory/suppression-rules.ts';
import type {
  Compliant,
  ElementKind,
  ElementTypes,
  FindingData,
  NotApplicable,
  NotEvaluated,
  Pack,
  Related,
  Rule,
  RuleContext,
  Verdict,
  Violation,
} from './types.ts';

/**
 * Declares a rule. `nameOrModule`: the rule file's `import.meta.url`, whose name gives the rule's (cdk-nag's
 * convention: `rack-it-load.ts` -> `rackItLoad`), or a name. `appliesTo`: the element kind the runner hands it;
 * `check`: the pure function.
 */
export function defineRule<K extends ElementKind>(
  nameOrModule: string,
  appliesTo: K,
  check: (element: ElementTypes[K], context: RuleContext) => Verdict,
): Rule<ElementKind> {
  return { name: ruleName(nameOrModule), appliesTo, check } as unknown as Rule<ElementKind>;
}

/** `file:///.../rack-it-load.ts` -> `rackItLoad`; a plain name stays as it is. */
export function ruleName(nameOrModule: string): string {
  if (!nameOrModule.startsWith('file:')) return nameOrModule;
  const file = nameOrModule.slice(nameOrModule.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]s$/, '');
  return file.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const PASS: Compliant = Object.freeze({ status: 'pass' });
const NOT_APPLICABLE: NotApplicable = Object.freeze({ status: 'not-applicable' });

export function pass(): Compliant {
  return PASS;
}

export function notApplicable(): NotApplicable {
  return NOT_APPLICABLE;
}

/** The rule applies but an input is missing; `reason` says which and how to supply it. */
export function notEvaluated(reason: string): NotEvaluated {
  return { status: 'not-evaluated', reason };
}

export function fail(
  message: string,
  opts: { fix?: string; data?: FindingData; related?: readonly Related[] } = {},
): Violation {
  return { status: 'fail', message, ...opts };
}

const PACK_NAME = /^[a-z][a-z0-9-]*$/;

/** Checks a pack's shape once (ids, levels, texts), so a user pack with a typo fails with a clear message. */
export function definePack(pack: Pack): Pack {
  const where = `policy pack "${pack.name}"`;
  if (typeof pack.name !== 'string' || !PACK_NAME.test(pack.name)) {
    throw new SuperpodInputError({
      where,
      problem: 'a pack name must be lower-case letters, digits and dashes',
      value: pack.name,
      fix: 'name the pack like "power" or "my-site"',
    });
  }
  const ids = new Set<string>();
  for (const entry of pack.rules) {
    if (typeof entry.id !== 'string' || !RULE_ID.test(entry.id)) {
      throw new SuperpodInputError({
        where,
        problem: 'a rule id must look like POWER-002 (upper-case prefix, dash, three digits)',
        value: entry.id,
        fix: 'rename the rule',
      });
    }
    if (ids.has(entry.id)) {
      throw new SuperpodInputError({
        where,
        problem: 'duplicate rule id',
        value: entry.id,
        fix: 'give each rule its own id',
      });
    }
    ids.add(entry.id);
    if (!['error', 'warning', 'info'].includes(entry.level)) {
      throw new SuperpodInputError({
        where: `${where} rule ${entry.id}`,
        problem: 'unknown level',
        value: entry.level,
        fix: 'use error, warning or info',
      });
    }
    for (const field of ['title', 'explanation', 'fix'] as const) {
      if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
        throw new SuperpodInputError({
          where: `${where} rule ${entry.id}`,
          problem: `${field} is required`,
          value: entry[field],
          fix: `write a ${field} for the rule; the reports show it`,
        });
      }
    }
    if (entry.explanation.length > 1024) {
      throw new SuperpodInputError({
        where: `${where} rule ${entry.id}`,
        problem: 'the explanation is longer than 1,024 characters (the SARIF limit GitHub applies)',
        value: entry.explanation.length,
        fix: 'shorten it',
      });
    }
    if (!entry.rule || typeof entry.rule.check !== 'function') {
      throw new SuperpodInputError({
        where: `${where} rule ${entry.id}`,
        problem: 'rule must be made with defineRule(name, appliesTo, check)',
        value: entry.rule,
        fix: 'wrap the check function in defineRule',
      });
    }
  }
  return pack;
}
