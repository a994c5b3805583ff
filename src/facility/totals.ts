/** The named number fields of `items`, each summed: the one way the facility engine adds up racks, pods and sites. */
export function sumFields<const K extends string>(
  items: readonly Readonly<Record<K, number>>[],
  keys: readonly K[],
): Record<K, number> {
  const totals = {} as Record<K, number>;
  for (const key of keys) totals[key] = items.reduce<number>((sum, item) => sum + item[key], 0);
  return totals;
}
