/**
 * The fields that are set: `given({ pue: spec.pue, index })` leaves out each one that is undefined, so a construct
 * sees it absent and picks its default, and an exported spec holds no key without a value.
 */
export function given<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
