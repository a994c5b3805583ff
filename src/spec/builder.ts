import type { Construct } from 'constructs';
import { Suppressions } from '../../constructs/suppressions.ts';
import { SuperpodInputError } from '../errors.ts';
import { type SourceLocation, withSourceLocation } from '../source-location.ts';
import type { SpecDocument } from './document.ts';
import { EXAMPLES, parseQuantityAmount, type QuantityKind, type QuantityOf, toValueObject } from './quantities.ts';
import type { SuppressionSpec } from './types.ts';

/** A spec entry's path in the document: `['superPods', 0, 'racks', 2]`. */
export type Path = ReadonlyArray<string | number>;

/**
 * What building any part of a spec needs: constructs located at their spec entry, quantities parsed with the entry's
 * file:line:column in their errors, `count` expansion and suppressions.
 */
export class SpecBuilder {
  constructor(private readonly doc: SpecDocument) {}

  /** Runs `build` located at the spec entry `path`; input errors are re-thrown at that file:line:column. */
  at<T>(path: Path, source: string | undefined, build: () => T): T {
    const where = this.doc.locate(path);
    try {
      return withSourceLocation(parseLocation(source ?? where), build);
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      if (error.where.startsWith(`${this.doc.file}:`)) throw error;
      throw new SuperpodInputError({
        where,
        problem: `${error.where}: ${error.problem}`,
        value: error.value,
        fix: error.fix,
      });
    }
  }

  quantity<K extends QuantityKind>(kind: K, path: Path, text: string): QuantityOf<K> {
    const amount = parseQuantityAmount(kind, text);
    if (amount === undefined) {
      throw new SuperpodInputError({
        where: this.doc.locate(path),
        problem: `not a ${kind}`,
        value: text,
        fix: 'write a number with a unit, see `superpod spec schema`',
      });
    }
    try {
      return toValueObject(kind, amount);
    } catch (error) {
      if (!SuperpodInputError.is(error)) throw error;
      // the unit factory names itself ("Current.amperes() needs ..."); a spec's reader wrote a string, not that call
      throw new SuperpodInputError({
        where: this.doc.locate(path),
        problem: `${kind} ${text} ${error.problem.replace(/^\S+\(\) /, '')}`,
        value: text,
        fix: `write a ${kind} like "${EXAMPLES[kind]}"`,
      });
    }
  }

  /** `{ [key]: quantity }` when the spec gives `text` at `[...path, key]`, else nothing (the construct's default). */
  optionalQuantity<P extends string, K extends QuantityKind>(
    kind: K,
    path: Path,
    key: P,
    text: string | undefined,
  ): { [_ in P]?: QuantityOf<K> } {
    return (text ? { [key]: this.quantity(kind, [...path, key], text) } : {}) as { [_ in P]?: QuantityOf<K> };
  }

  /** Expands `count` copies of an entry: names with `{i}` become name-0, name-1, ... */
  expand(path: Path, name: string, count: number | undefined): Array<[number, string]> {
    const templated = name.includes('{i}');
    if (count === undefined) {
      if (templated)
        throw new SuperpodInputError({
          where: this.doc.locate(path, 'name'),
          problem: 'a name with {i} needs count',
          value: name,
          fix: 'add count: N, or remove {i} from the name',
        });
      return [[0, name]];
    }
    if (!templated)
      throw new SuperpodInputError({
        where: this.doc.locate(path, 'count'),
        problem: 'repeated entries need {i} in their name to stay unique',
        value: name,
        fix: `name them like "${name}-{i}"`,
      });
    return Array.from({ length: count }, (_, i) => [i, name.replaceAll('{i}', String(i))]);
  }

  suppress(scope: Construct, suppressions: readonly SuppressionSpec[] | undefined, path: Path): void {
    (suppressions ?? []).forEach((s, k) => {
      this.at([...path, 'suppressions', k], undefined, () => Suppressions.of(scope).add(s.rule, s.reason));
    });
  }
}

function parseLocation(text: string): SourceLocation {
  const match = /^(.*):(\d+):(\d+)$/.exec(text);
  return match
    ? { file: match[1]!, line: Number(match[2]), column: Number(match[3]) }
    : { file: text, line: 1, column: 1 };
}
