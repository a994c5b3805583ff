import type { Confidence, SourcedDefault } from './types.ts';

/** A default the engines use when the user gives none, with its source and confidence (frozen). */
export function sourcedDefault(value: number, confidence: Confidence, source: string): SourcedDefault {
  return Object.freeze({ value, confidence, source });
}
