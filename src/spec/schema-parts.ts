import { EXAMPLES, type QuantityKind, unitsOf } from './quantities.ts';

/**
 * A quantity written as text with a unit ("900 W"). It carries `x-quantity` so validation errors can say "a power
 * like "900 W"" instead of quoting a regular expression.
 */
export const quantity = (kind: QuantityKind, description: string) => ({
  type: 'string',
  description: `${description} (e.g. "${EXAMPLES[kind]}"; units ${unitsOf(kind).join(', ')})`,
  pattern: `^\\s*-?\\d+(\\.\\d+)?(e[+-]?\\d+)?\\s*(${unitsOf(kind)
    .map((u) => u.replace('/', '\\/'))
    .join('|')})\\s*$`,
  'x-quantity': kind,
});

/**
 * Properties several object schemas share, declared once in `types.ts` as the interface `title` that the sharers
 * extend. In the schema the sharers hold the properties themselves (JSON Schema has no inheritance that works with
 * `additionalProperties: false`) and name the base in `x-extends`.
 */
export interface SchemaBase<P extends Readonly<Record<string, object>>> {
  readonly title: string;
  readonly description: string;
  readonly properties: P;
  /** names every sharer requires */
  readonly required: readonly (keyof P & string)[];
}

/**
 * An object schema that takes only the listed `properties` (`additionalProperties: false`), with its `required`
 * names checked against them; a `title` makes it a named type in `types.ts`, `base` adds a shared group of
 * properties (see `SchemaBase`).
 */
export function closedObject<
  const P extends Readonly<Record<string, object>>,
  const B extends Readonly<Record<string, object>> = Record<never, object>,
>(
  ownProperties: P,
  meta: {
    title?: string;
    description?: string;
    base?: SchemaBase<B>;
    required?: readonly ((keyof P | keyof B) & string)[];
  } = {},
) {
  // A discriminator (`kind: { const }`) stays the first property, as in a hand-written spec.
  const discriminators = Object.fromEntries(Object.entries(ownProperties).filter(([, p]) => 'const' in p));
  const properties = meta.base ? { ...discriminators, ...meta.base.properties, ...ownProperties } : ownProperties;
  return {
    ...(meta.title === undefined ? {} : { title: meta.title }),
    ...(meta.description === undefined ? {} : { description: meta.description }),
    ...(meta.base === undefined ? {} : { 'x-extends': meta.base.title }),
    type: 'object',
    additionalProperties: false,
    ...(meta.required === undefined && meta.base === undefined
      ? {}
      : { required: [...(meta.required ?? []), ...(meta.base?.required ?? [])] }),
    properties,
  } as const;
}

/**
 * The schema pieces several entries share. Built on call, not at import, so that every piece is made while the code
 * that uses it runs (and a mutation test sees each one change).
 */
export function schemaParts() {
  const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
  const countedName = {
    type: 'string',
    minLength: 1,
    maxLength: 63,
    pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.{}]*[A-Za-z0-9}])?$',
    description: 'construct id; with `count`, `{i}` is replaced by 0, 1, ... (e.g. "rack-{i}")',
  };
  const source = {
    type: 'string',
    pattern: '^.+:\\d+:\\d+$',
    description: 'where this element was first written (file:line:column); reports point there instead of at the spec',
  };
  const suppressions = {
    type: 'array',
    description: 'policy findings accepted on this element and everything below it',
    items: closedObject(
      {
        rule: { type: 'string', pattern: '^[A-Z][A-Z0-9]*-\\d{3}$', description: 'rule id, e.g. POWER-002' },
        reason: { type: 'string', minLength: 10, description: 'why the finding is accepted (at least 10 characters)' },
      },
      {
        title: 'SuppressionSpec',
        description: 'a policy finding accepted with a reason',
        required: ['rule', 'reason'],
      },
    ),
  };

  /** The name of an entry that `count` may repeat (at most `max` copies), as superPods, racks and nodes take it. */
  function repeatable(what: string, max: number) {
    return {
      name: countedName,
      count: { type: 'integer', minimum: 1, maximum: max, description: `repeat this ${what} (name must contain {i})` },
    } as const;
  }

  const share = (description: string) => ({ type: 'number', minimum: 0, maximum: 1, description });
  const coolingLoop = closedObject(
    {
      plant: { enum: ['evaporative-tower', 'dry-cooler', 'adiabatic', 'measured'] },
      cycles: {
        type: 'number',
        exclusiveMinimum: 1,
        description: 'evaporative tower: cycles of concentration (default 4)',
      },
      evaporativeShare: share('evaporative tower: share of the heat rejected as latent heat (default 0.85)'),
      wetHoursShare: share("adiabatic: share of the year's hours run wet (default 0.1)"),
      evaporativeShareWhenWet: share('adiabatic: share of the heat the spray carries while wet (default 0.3)'),
      litresPerKWh: { type: 'number', minimum: 0, description: 'measured: litres per kWh of heat rejected' },
      chillerCop: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'COP of chillers between loop and plant (default none)',
      },
    },
    { title: 'CoolingLoopSpec', description: 'the plant that rejects one heat path outside', required: ['plant'] },
  );

  /** The plants of a SuperPoD's liquid loops and air path, for its water use and the COOL-007 budget. */
  const heatRejection = closedObject(
    { liquid: coolingLoop, air: coolingLoop },
    { description: 'plants that reject the liquid and air heat outside, for water use (default unknown)' },
  );

  return { dnsLabel, countedName, source, suppressions, repeatable, heatRejection };
}
