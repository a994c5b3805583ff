import { Construct } from 'constructs';
import { callerLocation, type SourceLocation } from '../src/source-location.ts';
import { uniqueScope } from './validation.ts';

/**
 * What every superpod construct shares, as aws-cdk's `Resource` does for its resources: an id unique in its scope,
 * the file:line of the user's code that created it (reports and findings point there), and a brand that its
 * `isXxx` type guard tests, so the guard works across copies of the library.
 */
export abstract class SuperpodConstruct extends Construct {
  /** @internal */
  readonly source: SourceLocation | undefined;

  /** @param brand the `Symbol.for` key that `isBranded` looks for; none for constructs without a type guard */
  protected constructor(scope: Construct, id: string, brand?: symbol) {
    super(uniqueScope(scope, id), id);
    if (brand !== undefined) Object.defineProperty(this, brand, { value: true });
    this.source = callerLocation();
  }
}

/** Whether `x` is a construct built with `brand` (the body of every `isXxx` type guard). */
export function isBranded(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && brand in x;
}
