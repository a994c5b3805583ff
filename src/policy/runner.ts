import { createHash } from 'node:crypto';
import { Ajv } from 'ajv';
import { SuperpodInputError } from '../errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { PACKAGE_INFO } from '../package-info.ts';
import { ServicePredictions } from '../perf/predictions.ts';
import { describeSchemaError } from '../schema-error.ts';
import { formatLocation, type SourceLocation } from '../source-location.ts';
import { type PolicyConfig, pointerToPath } from './config.ts';
import { elementsOf, type InventoryIndex, indexInventory } from './inventory-index.ts';
import { collectSuppressions, SuppressionMatcher } from './suppressions.ts';
import type {
  CheckReport,
  ElementKind,
  Evaluation,
  Finding,
  Level,
  Pack,
  PackRule,
  RuleContext,
  RuleDescriptor,
  Subject,
  SuppressionRecord,
  Verdict,
} from './types.ts';

export interface CheckOptions {
  /** The packs to run, in order: the built-in ones (`builtInPacks` from policies/) and any of your own. */
  readonly packs: readonly Pack[];
  readonly config?: PolicyConfig;
  /**
   * Location for findings whose element and ancestors have none (an Inventory without source locations): the app
   * or spec file. SARIF needs a physical location on every result.
   */
  readonly fallbackLocation?: SourceLocation;
  /** Service predictions of this inventory already made (synth shares them with the report); default: made here. */
  readonly predictions?: ServicePredictions;
}

const packageVersion = PACKAGE_INFO.version;

/**
 * Runs every enabled rule of `packs` on every element it applies to. Pure: the same inventory, packs and config give
 * the same report, findings in pack, rule and inventory order.
 */
export function runChecks(inventory: Inventory, options: CheckOptions): CheckReport {
  const config = options.config ?? {};
  const packs = activePacks(options.packs, config);
  const levels = ruleLevels(options.packs, config);
  const params = resolveParameters(options.packs, config);
  const index = indexInventory(inventory);
  const entries = collectSuppressions(inventory, config.suppressions);
  const matcher = new SuppressionMatcher(entries);
  const matchedCounts = entries.map(() => 0);
  const predictions = options.predictions ?? new ServicePredictions(inventory);
  if (predictions.inventory !== inventory)
    throw new Error('runChecks: the predictions were made for another inventory');
  const context: RuleContext = {
    inventory,
    index,
    predictions,
    param<T>(key: string): T {
      if (!params.has(key)) {
        throw new Error(`parameter "${key}" is not declared by any loaded pack (declare it in the pack's parameters)`);
      }
      return params.get(key) as T;
    },
  };
  const locate = locator(inventory, index, options.fallbackLocation);
  const subjectsByKind = new Map<ElementKind, ReturnType<typeof elementsOf>>();
  const findings: Finding[] = [];
  const evaluations: Evaluation[] = [];
  const rules: RuleDescriptor[] = [];

  for (const pack of packs) {
    for (const entry of pack.rules) {
      const level = levels.get(entry.id);
      if (level === undefined) continue;
      rules.push(describeRule(pack, entry, level));
      const kind = entry.rule.appliesTo;
      let elements = subjectsByKind.get(kind);
      if (!elements) {
        elements = elementsOf(kind, inventory, index);
        subjectsByKind.set(kind, elements);
      }
      for (const { element, subject } of elements) {
        const verdict = evaluate(entry, element, subject, context);
        switch (verdict.status) {
          case 'not-applicable':
            break;
          case 'pass':
            evaluations.push({ ruleId: entry.id, subject, status: 'pass' });
            break;
          case 'not-evaluated':
            evaluations.push({ ruleId: entry.id, subject, status: 'not-evaluated', reason: verdict.reason });
            break;
          case 'fail': {
            const suppressionIndex = matcher.find(entry.id, subject);
            const suppression = suppressionIndex >= 0 ? entries[suppressionIndex]! : undefined;
            if (suppression) matchedCounts[suppressionIndex]! += 1;
            const location = locate(subject);
            findings.push({
              ruleId: entry.id,
              pack: pack.name,
              level,
              subject,
              message: verdict.message,
              fix: verdict.fix ?? entry.fix,
              ...(verdict.data ? { data: verdict.data } : {}),
              ...(verdict.related && verdict.related.length > 0 ? { related: verdict.related } : {}),
              ...(location ? { location } : {}),
              ...(suppression
                ? {
                    suppressed: {
                      reason: suppression.reason,
                      origin: suppression.origin,
                      target: suppression.target,
                      ...(suppression.source ? { source: suppression.source } : {}),
                    },
                  }
                : {}),
              fingerprint: fingerprint(entry.id, subject),
            });
            evaluations.push({
              ruleId: entry.id,
              subject,
              status: suppression ? 'suppressed' : 'fail',
              finding: findings.length - 1,
            });
            break;
          }
        }
      }
    }
  }

  const knownRules = new Set(options.packs.flatMap((p) => p.rules.map((r) => r.id)));
  const enabledRules = new Set(rules.map((r) => r.id));
  const suppressions: SuppressionRecord[] = entries.map((e, i) => ({
    ruleId: e.ruleId,
    target: e.target,
    reason: e.reason,
    origin: e.origin,
    ...(e.source ? { source: e.source } : {}),
    matched: matchedCounts[i]!,
    status: !knownRules.has(e.ruleId)
      ? 'unknown-rule'
      : !enabledRules.has(e.ruleId)
        ? 'disabled'
        : matchedCounts[i]! > 0
          ? 'used'
          : 'unused',
  }));
  const open = findings.filter((f) => !f.suppressed);
  return {
    schemaVersion: 1,
    tool: { name: 'superpod', version: packageVersion },
    stack: inventory.stack,
    packs: packs.map((p) => p.name),
    rules,
    findings,
    evaluations,
    suppressions,
    summary: {
      errors: open.filter((f) => f.level === 'error').length,
      warnings: open.filter((f) => f.level === 'warning').length,
      infos: open.filter((f) => f.level === 'info').length,
      suppressed: findings.length - open.length,
      passed: evaluations.filter((e) => e.status === 'pass').length,
      notEvaluated: evaluations.filter((e) => e.status === 'not-evaluated').length,
      checks: evaluations.length,
    },
  };
}

/** Unsuppressed findings at `failOn` or above: what makes `check` exit 1. */
export function failingFindings(report: CheckReport, failOn: 'error' | 'warning' = 'error'): Finding[] {
  const failing: readonly Level[] = failOn === 'error' ? ['error'] : ['error', 'warning'];
  return report.findings.filter((f) => !f.suppressed && failing.includes(f.level));
}

/** `POWER-002 rack pod-a/rack-07: 138.4 kW exceeds ... — remove 2 nodes or raise the feed` */
export function findingLine(finding: Finding): string {
  return `${finding.ruleId} ${finding.subject.label}: ${finding.message} — ${finding.fix}`;
}

function evaluate(entry: PackRule, element: unknown, subject: Subject, context: RuleContext): Verdict {
  try {
    return entry.rule.check(element as never, context);
  } catch (error) {
    if (SuperpodInputError.is(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`rule ${entry.id} (${entry.rule.name}) failed on ${subject.label}: ${message}`, { cause: error });
  }
}

function describeRule(pack: Pack, entry: PackRule, level: Level): RuleDescriptor {
  return {
    id: entry.id,
    pack: pack.name,
    level,
    defaultLevel: entry.level,
    title: entry.title,
    explanation: entry.explanation,
    fix: entry.fix,
    appliesTo: entry.rule.appliesTo,
    function: entry.rule.name,
  };
}

/**
 * Rule id + construct path + subject id, never a line number: a finding keeps its fingerprint when its source line
 * moves, so capacity.json comparisons and SARIF code scanning (partialFingerprints) track it across commits.
 */
function fingerprint(ruleId: string, subject: Subject): string {
  return createHash('sha256').update(`${ruleId}\u0000${subject.path}\u0000${subject.id}`).digest('hex').slice(0, 32);
}

function configWhere(config: PolicyConfig, keyPath: readonly (string | number)[]): string {
  return formatLocation(config.locate?.(keyPath)) ?? config.file ?? 'policy config';
}

function activePacks(packs: readonly Pack[], config: PolicyConfig): Pack[] {
  const names = new Set<string>();
  const ruleOwners = new Map<string, string>();
  for (const pack of packs) {
    if (names.has(pack.name)) {
      throw new SuperpodInputError({
        where: `policy pack "${pack.name}"`,
        problem: 'two packs have the same name',
        value: pack.name,
        fix: 'give your pack its own name',
      });
    }
    names.add(pack.name);
    for (const rule of pack.rules) {
      const owner = ruleOwners.get(rule.id);
      if (owner !== undefined) {
        throw new SuperpodInputError({
          where: `policy pack "${pack.name}"`,
          problem: `rule id ${rule.id} is already used by pack "${owner}"`,
          value: rule.id,
          fix: 'use your own prefix for the rules of your pack, e.g. SITE-001',
        });
      }
      ruleOwners.set(rule.id, pack.name);
    }
  }
  const exclude = config.packs?.exclude ?? [];
  exclude.forEach((name, i) => {
    if (!names.has(name)) {
      throw new SuperpodInputError({
        where: configWhere(config, ['packs', 'exclude', i]),
        problem: 'packs.exclude names an unknown pack',
        value: name,
        fix: `use one of ${[...names].join(', ')}`,
      });
    }
  });
  return packs.filter((p) => !exclude.includes(p.name));
}

/** Effective level of every enabled rule (config `rules:` over the pack's level); disabled rules are absent. */
function ruleLevels(packs: readonly Pack[], config: PolicyConfig): Map<string, Level> {
  const levels = new Map<string, Level>();
  for (const pack of packs) for (const rule of pack.rules) levels.set(rule.id, rule.level);
  for (const [id, level] of Object.entries(config.rules ?? {})) {
    if (!levels.has(id)) {
      throw new SuperpodInputError({
        where: configWhere(config, ['rules', id]),
        problem: 'rules: names an unknown rule id',
        value: id,
        fix: `use an id of a loaded pack (${closest(id, [...levels.keys()])})`,
      });
    }
    if (level === 'off') levels.delete(id);
    else levels.set(id, level);
  }
  return levels;
}

function resolveParameters(packs: readonly Pack[], config: PolicyConfig): Map<string, unknown> {
  const declared = new Map<string, { pack: string; spec: NonNullable<Pack['parameters']>[string] }>();
  for (const pack of packs) {
    for (const [key, spec] of Object.entries(pack.parameters ?? {})) {
      const other = declared.get(key);
      if (other) {
        throw new SuperpodInputError({
          where: `policy pack "${pack.name}"`,
          problem: `parameter ${key} is already declared by pack "${other.pack}"`,
          value: key,
          fix: 'prefix your parameters with your pack name',
        });
      }
      declared.set(key, { pack: pack.name, spec });
    }
  }
  const values = new Map<string, unknown>();
  for (const [key, { spec }] of declared) values.set(key, spec.default);
  const ajv = new Ajv({ allErrors: false, strict: false });
  for (const [key, value] of Object.entries(config.parameters ?? {})) {
    const entry = declared.get(key);
    if (!entry) {
      throw new SuperpodInputError({
        where: configWhere(config, ['parameters', key]),
        problem: 'parameters: names a parameter no loaded pack declares',
        value: key,
        fix: `use one of ${closest(key, [...declared.keys()])}`,
      });
    }
    const validate = ajv.compile(entry.spec.schema);
    if (!validate(value)) {
      const error = validate.errors![0]!;
      throw new SuperpodInputError({
        where: configWhere(config, ['parameters', key, ...pointerToPath(error.instancePath)]),
        problem: `parameter ${key} ${describeSchemaError(error).replace(/^at the top level /, '')}`,
        value,
        fix: entry.spec.description,
      });
    }
    values.set(key, value);
  }
  return values;
}

/** The few known names nearest to `wanted`, for "did you mean" fixes. */
function closest(wanted: string, known: readonly string[]): string {
  const scored = known
    .map((k) => ({ k, d: editDistance(wanted.toLowerCase(), k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  return scored
    .slice(0, 5)
    .map((s) => s.k)
    .join(', ');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Where a finding points: the element's own source, else its nearest located ancestor's, else the fallback, else
 * the first located element of the inventory. Undefined only for an inventory without any source location.
 */
function locator(
  inventory: Inventory,
  index: InventoryIndex,
  fallback: SourceLocation | undefined,
): (subject: Subject) => SourceLocation | undefined {
  const anywhere =
    fallback ??
    [...inventory.superPods, ...inventory.racks, ...inventory.nodes, ...inventory.workloads].find((e) => e.source)
      ?.source;
  return (subject) => {
    if (subject.source) return subject.source;
    let id = subject.id;
    for (let cut = id.lastIndexOf('/'); cut > 0; cut = id.lastIndexOf('/')) {
      id = id.slice(0, cut);
      const source = index.located.get(id)?.source;
      if (source) return source;
    }
    return anywhere;
  };
}
