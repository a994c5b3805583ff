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
  expect(typeof pack.name === 'string' && PACK_NAME.test(pack.name), where, pack.name, {
    problem: 'a pack name must be lower-case letters, digits and dashes',
    fix: 'name the pack like "power" or "my-site"',
  });
  expect(Array.isArray(pack.rules), where, pack.rules, {
    problem: 'rules must be a list of rule entries',
    fix: 'give the pack rules: [{ id, level, title, explanation, fix, rule: defineRule(...) }]',
  });
  const ids = new Set<string>();
  for (const [i, entry] of pack.rules.entries()) {
    expect(typeof entry === 'object' && entry !== null, `${where} rules[${i}]`, entry, {
      problem: 'a rule entry must be an object',
      fix: 'write it as { id, level, title, explanation, fix, rule: defineRule(...) }',
    });
    expect(typeof entry.id === 'string' && RULE_ID.test(entry.id), where, entry.id, {
      problem: 'a rule id must look like POWER-002 (upper-case prefix, dash, three digits)',
      fix: 'rename the rule',
    });
    expect(!ids.has(entry.id), where, entry.id, { problem: 'duplicate rule id', fix: 'give each rule its own id' });
    ids.add(entry.id);
    const rule = `${where} rule ${entry.id}`;
    expect(['error', 'warning', 'info'].includes(entry.level), rule, entry.level, {
      problem: 'unknown level',
      fix: 'use error, warning or info',
    });
    for (const field of ['title', 'explanation', 'fix'] as const) {
      expect(typeof entry[field] === 'string' && entry[field].trim() !== '', rule, entry[field], {
        problem: `${field} is required`,
        fix: `write a ${field} for the rule; the reports show it`,
      });
    }
    expect(entry.explanation.length <= 1024, rule, entry.explanation.length, {
      problem: 'the explanation is longer than 1,024 characters (the SARIF limit GitHub applies)',
      fix: 'shorten it',
    });
    expect(Boolean(entry.rule) && typeof entry.rule.check === 'function', rule, entry.rule, {
      problem: 'rule must be made with defineRule(name, appliesTo, check)',
      fix: 'wrap the check function in defineRule',
    });
  }
  const parameters: unknown = pack.parameters ?? {};
  expect(typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters), where, parameters, {
    problem: 'parameters must be an object of parameter declarations',
    fix: "write parameters: { 'my-site.maxRackKw': { description, schema, default } }",
  });
  for (const [key, spec] of Object.entries(parameters as Record<string, unknown>)) {
    const fields = spec as Partial<Record<string, unknown>> | null;
    expect(
      typeof fields?.description === 'string' && typeof fields.schema === 'object' && fields.schema !== null,
      `${where} parameter ${key}`,
      spec,
      {
        problem: 'a parameter needs a description and a JSON Schema',
        fix: "declare it as { description: '...', schema: { type: 'number' }, default: ... }",
      },
    );
  }
  return pack;
}

/** Throws the input error `problem` at `where` (the pack or its rule) unless `ok`. */
function expect(ok: boolean, where: string, value: unknown, says: { problem: string; fix: string }): void {
  if (!ok) throw new SuperpodInputError({ where, problem: says.problem, value, fix: says.fix });
}
