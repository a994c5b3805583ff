import type { IConstruct } from 'constructs';
import { SUPPRESSIONS } from '../src/inventory/parts.ts';
import { MIN_REASON_LENGTH, RULE_ID } from '../src/inventory/suppression-rules.ts';
import type { SuppressionInfo } from '../src/inventory/types.ts';
import { callerLocation } from '../src/source-location.ts';
import { fail } from './validation.ts';

/**
 * Suppressions of policy findings on a construct and everything below it (cdk-nag style). Every suppression needs a
 * reason of at least 10 characters, and every report lists it.
 *
 * ```ts
 * Suppressions.of(rack).add('POWER-002', 'temporary overload accepted until the second busbar lands in Q3');
 * ```
 */
export class Suppressions {
  /** The suppressions of `scope` and everything below it. */
  static of(scope: IConstruct): Suppressions {
    return new Suppressions(scope);
  }
  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of rule `ruleId` (e.g. `POWER-002`) here and below, for `reason` (at least 10 characters).
   * @returns this, to chain further suppressions
   */
  add(ruleId: string, reason: string): this {
    if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
      fail(
        this.scope,
        'a suppression needs a rule id like POWER-002',
        ruleId,
        'copy the id from the finding you suppress',
      );
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
      fail(
        this.scope,
        `suppressing ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters`,
        reason,
        'say why the finding is accepted, e.g. "second busbar lands in Q3"',
      );
    }
    const carrier = this.scope as unknown as Record<symbol, Array<Omit<SuppressionInfo, 'target'>>>;
    if (!carrier[SUPPRESSIONS]) Object.defineProperty(carrier, SUPPRESSIONS, { value: [], enumerable: false });
    const source = callerLocation();
    carrier[SUPPRESSIONS]!.push({ ruleId, reason: reason.trim(), ...(source ? { source } : {}) });
    return this;
  }
}
