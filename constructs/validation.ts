import type { Construct } from 'constructs';
import { SuperpodInputError } from '../src/errors.ts';
import { isDnsLabel, toDnsLabel } from '../src/inventory/names.ts';
import { callerLocation, formatLocation } from '../src/source-location.ts';

export { toDnsLabel };

/** Throws the one-line input error, located at the construct's path. */
export function fail(scope: Construct, problem: string, value: unknown, fix: string): never {
  throw new SuperpodInputError({ where: constructLabel(scope), problem, value, fix });
}

/** `pd-slice/pod-a/rack-01` for messages; a construct that is not yet attached shows its id. */
export function constructLabel(scope: Construct): string {
  return scope.node.path || scope.node.id;
}

export function requireWholeNumber(
  scope: Construct,
  prop: string,
  value: unknown,
  min: number,
  max: number,
  fix?: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(
      scope,
      min === max ? `${prop} must be ${min}` : `${prop} must be a whole number from ${min} to ${max}`,
      value,
      fix ?? (min === max ? `set ${prop} to ${min}, or leave it out` : `set ${prop} between ${min} and ${max}`),
    );
  }
  return value;
}

export function requireFraction(scope: Construct, prop: string, value: unknown, fix: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
    fail(scope, `${prop} must be a fraction in (0, 1]`, value, fix);
  }
  return value;
}

// biome-ignore lint/complexity/noBannedTypes: value objects have private constructors, so only Function matches them
type ValueClass<T> = Function & { prototype: T };

/** Checks a value object built by one of our unit factories was passed, not a bare number. */
export function requireUnit<T>(
  scope: Construct,
  prop: string,
  value: unknown,
  type: ValueClass<T>,
  example: string,
): T {
  return requireValue(constructLabel(scope), prop, value, type, example);
}

/**
 * `requireUnit` for a static factory (`Cooling.directLiquid`, `RackPower.busbar`), which has no construct: `where`
 * is the caller's file:line. Stacks run through tsx are not type-checked, so a misspelt prop arrives as undefined.
 */
export function requireValue<T>(where: string, prop: string, value: unknown, type: ValueClass<T>, example: string): T {
  if (!(value instanceof type)) {
    throw new SuperpodInputError({
      where,
      problem: `${prop} must be a ${type.name} value object`,
      value,
      fix: `pass for example ${prop}: ${example}`,
    });
  }
  return value as T;
}

/**
 * An amount that must be more than zero: a capacity, rating, bandwidth, budget, power or weight of zero is a slip
 * (a dropped digit, a unit typo), and the checks would divide by it or pass a rack that holds nothing.
 */
export function requireMoreThanZero<T extends { toString(): string }>(
  where: string,
  prop: string,
  value: T,
  amount: (value: T) => number,
  fix: string,
): T {
  if (!(amount(value) > 0)) {
    throw new SuperpodInputError({ where, problem: `${prop} must be more than zero`, value: value.toString(), fix });
  }
  return value;
}

/** A factory's props object itself, before any of its fields is read. */
export function requireProps<T>(where: string, props: T, example: string): T {
  if (props === null || typeof props !== 'object') {
    throw new SuperpodInputError({ where, problem: 'props are required', value: props, fix: `pass ${example}` });
  }
  return props;
}

/** Kubernetes object and node names: a DNS-1123 label (63 characters at most). */
export function requireDnsLabel(scope: Construct, prop: string, value: unknown): string {
  if (typeof value !== 'string') fail(scope, `${prop} must be a string`, value, `pass a name like "node-0"`);
  if (!isDnsLabel(value)) {
    fail(
      scope,
      `${prop} must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)`,
      value,
      `choose a name like "${toDnsLabel(value) || 'node-0'}"`,
    );
  }
  return value;
}

/**
 * Returns `scope` after checking no sibling already uses `id`; called inside `super(...)` so the duplicate is our
 * input error (located at the user's line) rather than the constructs library's exception.
 */
export function uniqueScope<S extends Construct>(scope: S, id: string): S {
  if (scope?.node?.tryFindChild(id) !== undefined) {
    const where = formatLocation(callerLocation()) ?? `${constructLabel(scope)}/${id}`;
    throw new SuperpodInputError({
      where,
      problem: `"${constructLabel(scope)}" already has a child with id "${id}"`,
      value: id,
      fix: 'give each construct a unique id within its parent',
    });
  }
  return scope;
}
