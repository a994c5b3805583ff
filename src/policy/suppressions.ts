import { SuperpodInputError } from '../errors.ts';
import { MIN_REASON_LENGTH } from '../inventory/suppression-rules.ts';
import type { Inventory } from '../inventory/types.ts';
import { formatLocation, type SourceLocation } from '../source-location.ts';
import type { Subject, SuppressionOrigin } from './types.ts';

export { MIN_REASON_LENGTH };

/** A suppression ready to match findings. */
export interface SuppressionEntry {
  readonly ruleId: string;
  readonly target: string;
  readonly reason: string;
  readonly origin: SuppressionOrigin;
  readonly source?: SourceLocation;
  /** Whether `target` is a pattern (`pod-a/*`, `**`): config-file suppressions are, construct ones are exact ids. */
  readonly pattern: boolean;
}

/** A config-file suppression before validation of its reason. */
export interface ConfigSuppression {
  readonly rule: string;
  readonly target: string;
  readonly reason: string;
  readonly source?: SourceLocation;
}

/**
 * The suppressions of a run: the construct tree's (in the Inventory) first, then the config file's. A reason shorter
 * than 10 characters is an input error wherever it comes from (the constructs check it too; a spec file may not).
 */
export function collectSuppressions(
  inventory: Inventory,
  fromConfig: readonly ConfigSuppression[] = [],
): SuppressionEntry[] {
  const entries: SuppressionEntry[] = [];
  for (const s of inventory.suppressions) {
    entries.push(
      checked({
        ruleId: s.ruleId,
        target: s.target,
        reason: s.reason,
        origin: 'construct',
        source: s.source,
        pattern: false,
      }),
    );
  }
  for (const s of fromConfig) {
    entries.push(
      checked({
        ruleId: s.rule,
        target: s.target,
        reason: s.reason,
        origin: 'config',
        source: s.source,
        pattern: true,
      }),
    );
  }
  return entries;
}

function checked(entry: SuppressionEntry): SuppressionEntry {
  const reason = typeof entry.reason === 'string' ? entry.reason.trim() : '';
  if (reason.length < MIN_REASON_LENGTH) {
    throw new SuperpodInputError({
      where: formatLocation(entry.source) ?? `suppression of ${entry.ruleId} on "${entry.target}"`,
      problem: `suppressing ${entry.ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters`,
      value: reason,
      fix: 'say why the finding is accepted, e.g. "second busbar lands in Q3"',
    });
  }
  const { source, ...rest } = entry;
  return { ...rest, reason, ...(source ? { source } : {}) };
}

/** Compiled matchers: one per entry, so matching a finding is a few string compares. */
export class SuppressionMatcher {
  private readonly tests: ReadonlyArray<(id: string) => boolean>;

  constructor(readonly entries: readonly SuppressionEntry[]) {
    this.tests = entries.map((e) => (e.pattern ? patternTest(e.target) : exactTest(e.target)));
  }

  /** Index of the first suppression that covers `subject` for `ruleId`, or -1. */
  find(ruleId: string, subject: Subject): number {
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i]!.ruleId !== ruleId) continue;
      const covers = this.tests[i]!;
      const matched =
        subject.within && subject.within.length > 0 ? subject.within.every((id) => covers(id)) : covers(subject.id);
      if (matched) return i;
    }
    return -1;
  }
}

/** A construct-tree suppression covers its element and everything below it; the stack ('') covers everything. */
function exactTest(target: string): (id: string) => boolean {
  if (target === '') return () => true;
  const prefix = `${target}/`;
  return (id) => id === target || id.startsWith(prefix);
}

/**
 * A config-file pattern: `*` matches within one path segment, `**` across segments. It covers an element when it
 * matches the element's id or the id of an ancestor (`pod-a/*` covers `pod-a/rack-01/dt-0`).
 */
function patternTest(target: string): (id: string) => boolean {
  const source = target
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  const coversStack = regex.test('');
  return (id) => {
    if (coversStack || regex.test(id)) return true;
    for (let i = id.indexOf('/'); i !== -1; i = id.indexOf('/', i + 1)) {
      if (regex.test(id.slice(0, i))) return true;
    }
    return false;
  };
}
